import { randomBytes } from 'node:crypto';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import type { ApiServices, AppEnv } from '../app-env.js';
import { hasScope } from '../middleware/require-scope.js';
import { CSRF_FIELD, isSameToken } from './csrf.js';
import { type DashboardEnv, renderErrorPage, renderPage, requireSession } from './dashboard-context.js';
import { LoginBody } from './login-page.js';
import { clearSessionCookie, isHttps, SESSION_TTL_MS, safeNext, setSessionCookie } from './session-cookie.js';

/** The login form's double-submit CSRF cookie (the form carries the same value as `_csrf`). */
const LOGIN_CSRF_COOKIE = 'scanrelay_login';
const LOGIN_CSRF_TTL_S = 60 * 60;
/** A sign-in form is a key and two tokens: anything larger is not ours. */
const FORM_BYTES = 8 * 1024;

const loginFormSchema = z.object({
  key: z.string().trim().min(1).max(512),
  [CSRF_FIELD]: z.string().max(128),
  next: z.string().max(2048).optional(),
});

/** The login CSRF token of this browser: the cookie's when it has one, else a new one (set now). */
function loginCsrf(c: Context): string {
  const existing = getCookie(c, LOGIN_CSRF_COOKIE);
  if (existing !== undefined && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
  const token = randomBytes(32).toString('base64url');
  setCookie(c, LOGIN_CSRF_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Strict',
    path: '/login',
    secure: isHttps(c),
    maxAge: LOGIN_CSRF_TTL_S,
  });
  return token;
}

function loginPage(c: Context, next: string, status = 200, error?: string): Promise<Response> {
  return renderPage(c, {
    title: 'Sign in',
    status,
    body: LoginBody({ csrfToken: loginCsrf(c), next, error }),
  });
}

/**
 * `GET /login` (the form), `POST /login` (the API key, checked like the API's, with the `read` scope:
 * a session of 8 hours in the HttpOnly, SameSite=Strict cookie `scanrelay_session`, then 303 to
 * `next` when it is a dashboard path) and `POST /logout` (ends the session, 303 to `/login`). The
 * sign-in form is protected by a double-submit token (cookie `scanrelay_login` = field `_csrf`).
 */
export function registerAuthRoutes(app: OpenAPIHono<AppEnv>, services: ApiServices): void {
  app.get('/login', (c) => loginPage(c, safeNext(c.req.query('next'))));

  app.post(
    '/login',
    bodyLimit({
      maxSize: FORM_BYTES,
      onError: (c) => renderErrorPage(c, 413, 'Form too large', 'The sign-in form is limited to 8 KiB.'),
    }),
    async (c) => {
      const raw = await c.req.parseBody();
      const form = loginFormSchema.safeParse(raw);
      const next = safeNext(typeof raw.next === 'string' ? raw.next : undefined);
      const cookieToken = getCookie(c, LOGIN_CSRF_COOKIE);
      if (cookieToken === undefined || !isSameToken(cookieToken, raw[CSRF_FIELD]))
        return renderErrorPage(
          c,
          403,
          'Form refused',
          'The sign-in form was missing its security token or it did not match. Open the sign-in page again.',
        );
      if (!form.success) return loginPage(c, next, 400, 'Enter an API key.');
      const auth = await services.store.apiKeys.authenticate(form.data.key);
      if (!auth || !hasScope(auth.scopes, 'read'))
        return loginPage(c, next, 401, 'That API key was not accepted.');
      const session = await services.store.sessions.create({
        tenantId: auth.tenant.id,
        apiKeyId: auth.apiKey.id,
        ttlMs: SESSION_TTL_MS,
      });
      setSessionCookie(c, session.token, session.expiresAt);
      // Sign-ins are rare: a good moment to drop the sessions that have ended.
      await services.store.sessions.purgeExpired();
      deleteCookie(c, LOGIN_CSRF_COOKIE, { path: '/login', secure: isHttps(c) });
      return c.redirect(next, 303);
    },
  );

  app.post('/logout', requireSession(services), async (c) => {
    const ctx = c as unknown as Context<DashboardEnv>;
    await services.store.sessions.delete(ctx.get('sessionToken'));
    clearSessionCookie(c);
    return c.redirect('/login', 303);
  });
}
