import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ApiServices, Principal } from '../app-env.js';
import { hasScope } from '../middleware/require-scope.js';
import { CSRF_FIELD, csrfTokenFor, isSameToken } from './csrf.js';
import { dashboardHeaders } from './dashboard-headers.js';
import { CsrfInput, Layout, type LayoutUser, MessageBody, type NavId } from './layout.js';
import { loginPath, SESSION_COOKIE } from './session-cookie.js';

export { DASHBOARD_CSP } from './dashboard-headers.js';

/** The hono env of dashboard routes behind `requireSession`. */
export interface DashboardEnv {
  Variables: {
    /** The tenant and scopes of the API key the session was signed in with. */
    principal: Principal;
    /** The session token (the cookie's value). */
    sessionToken: string;
    /** The session's CSRF token, for `csrfField` and `X-CSRF-Token`. */
    csrfToken: string;
    /** The tenant's display name, for the header. */
    tenantName: string;
  };
}

/** A context of a route behind `requireSession`. */
export type DashboardContext = Context<DashboardEnv>;

/** What `renderPage` puts in the layout. */
export interface PageOptions {
  /** Plain text (escaped); the document title is `<title> — scanrelay`. */
  title: string;
  /** The navigation entry marked as the current page. */
  active?: NavId;
  body: Child;
  /** File names under `/dashboard/assets/` to load (`<script defer>`), e.g. `['uplot.min.js', 'trends.js']`. */
  scripts?: readonly string[];
  /** Extra stylesheets under `/dashboard/assets/`, e.g. `['uPlot.min.css']`. */
  styles?: readonly string[];
  /** Default 200. */
  status?: number;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Renders a JSX node to its HTML string (awaiting async components). */
export async function renderToString(node: Child): Promise<string> {
  const value = node as unknown as { toString(): string | Promise<string> } | null | undefined;
  return value == null ? '' : await value.toString();
}

/** The signed-in user shown in the header, or undefined when the context has no session. */
function layoutUser(c: Context): LayoutUser | undefined {
  const csrfToken = c.get('csrfToken') as string | undefined;
  const tenantName = c.get('tenantName') as string | undefined;
  return csrfToken === undefined ? undefined : { csrfToken, tenantName: tenantName ?? '' };
}

/**
 * The page as a complete HTML document in the dashboard layout (skip link, header with the
 * navigation and the sign-out form, one `<main>`), with the dashboard's security headers
 * (CSP `script-src 'self'`: no inline script or style; load code with `scripts`). Every value in
 * `body` is escaped by hono JSX; never pass raw HTML built from data.
 */
export async function renderPage(c: Context, page: PageOptions): Promise<Response> {
  const node = Layout({
    title: page.title,
    active: page.active,
    user: layoutUser(c),
    scripts: page.scripts,
    styles: page.styles,
    children: page.body,
  });
  const html = `<!doctype html>\n${await renderToString(node)}`;
  // c.body keeps the headers already set on the context (cookies of the sign-in pages).
  return c.body(html, (page.status ?? 200) as ContentfulStatusCode, dashboardHeaders());
}

/** A short error page (404, 403, 400, …) in the layout: a heading and a message, both plain text. */
export function renderErrorPage(
  c: Context,
  status: number,
  heading: string,
  message: string,
): Promise<Response> {
  return renderPage(c, {
    title: heading,
    status,
    body: MessageBody({ heading, message }),
  });
}

/** The 404 page of the dashboard: unknown, or another tenant's (never said which). */
export function renderNotFound(c: Context, what = 'page'): Promise<Response> {
  return renderErrorPage(c, 404, 'Not found', `This ${what} does not exist or is not visible to you.`);
}

/** The hidden `_csrf` input every dashboard form must carry (a POST without it is refused, 403). */
export function csrfField(c: Context<DashboardEnv>): Child {
  return CsrfInput({ token: c.get('csrfToken') });
}

/** The `_csrf` of a form body, or the `X-CSRF-Token` header of a script's request. */
async function submittedCsrf(c: Context): Promise<unknown> {
  const header = c.req.header('x-csrf-token');
  if (header !== undefined) return header;
  const type = c.req.header('content-type') ?? '';
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type)) return undefined;
  const body = await c.req.parseBody();
  return body[CSRF_FIELD];
}

/**
 * Requires a dashboard session (cookie `scanrelay_session`) whose API key holds `read`: without one a
 * page answers 303 to `/login?next=<this page>`. Sets `principal`, `sessionToken`, `csrfToken` and
 * `tenantName`. Every request but GET/HEAD/OPTIONS must carry the session's CSRF token (form field
 * `_csrf` or header `X-CSRF-Token`), else 403 and the handler does not run. The form body stays
 * readable by the handler (`c.req.parseBody()` is cached).
 */
export function requireSession(services: ApiServices): MiddlewareHandler<DashboardEnv> {
  return async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE);
    const session = token ? await services.store.sessions.get(token) : undefined;
    if (token === undefined || session === undefined || !hasScope(session.scopes, 'read')) {
      // Back to this page after sign-in; a form post cannot be replayed, so it starts over.
      const url = new URL(c.req.url);
      const back = SAFE_METHODS.has(c.req.method) ? `${url.pathname}${url.search}` : '';
      return c.redirect(loginPath(back), 303);
    }
    c.set('principal', {
      tenant: session.tenant,
      keyId: session.apiKey.id,
      keyPrefix: session.apiKey.prefix,
      scopes: session.scopes,
    });
    c.set('sessionToken', token);
    c.set('csrfToken', csrfTokenFor(token));
    c.set('tenantName', session.tenant.name);
    if (!SAFE_METHODS.has(c.req.method) && !isSameToken(c.get('csrfToken'), await submittedCsrf(c)))
      return renderErrorPage(
        c,
        403,
        'Form refused',
        'The form was missing its security token or it did not match this session. Reload the page and try again.',
      );
    await next();
  };
}
