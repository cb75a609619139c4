import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';

/** The cookie that carries the dashboard session token. */
export const SESSION_COOKIE = 'scanrelay_session';
/** How long a sign-in lasts. */
export const SESSION_TTL_MS = 8 * 60 * 60 * 1000;
/** Where a signed-in user lands by default. */
const DASHBOARD_HOME = '/dashboard';

/**
 * A same-site dashboard path to return to after sign-in: `/dashboard` or a path under it, printable
 * ASCII without a backslash (so neither `//host` nor `/\host` can leave the site). Linear.
 */
const NEXT_PATH = /^\/dashboard(?:[/?#][\x21-\x5b\x5d-\x7e]*)?$/;

/** `next` when it is a safe dashboard path, else `/dashboard`. */
export function safeNext(next: string | undefined): string {
  return next !== undefined && NEXT_PATH.test(next) ? next : DASHBOARD_HOME;
}

/** `/login`, with `next` when it is a safe dashboard path other than the home page. */
export function loginPath(next: string): string {
  const target = safeNext(next);
  return target === DASHBOARD_HOME ? '/login' : `/login?next=${encodeURIComponent(target)}`;
}

/** True when the request came over https (the URL the server saw; proxies are not trusted). */
export function isHttps(c: Context): boolean {
  return new URL(c.req.url).protocol === 'https:';
}

/** Sets the session cookie: HttpOnly, SameSite=Strict, Path=/, Secure over https, for the session's life. */
export function setSessionCookie(c: Context, token: string, expiresAt: string): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Strict',
    path: '/',
    secure: isHttps(c),
    expires: new Date(expiresAt),
  });
}

/** Clears the session cookie in the browser. */
export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'Strict', secure: isHttps(c) });
}
