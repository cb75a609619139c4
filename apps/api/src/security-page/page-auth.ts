import type { ApiKeyScope } from '@scanrelay/storage';
import { parse as parseCookies } from 'hono/utils/cookie';
import type { ApiServices, Principal } from '../app-env.js';
import { SESSION_COOKIE } from '../dashboard/session-cookie.js';
import { hasScope, readApiKey } from '../middleware/require-scope.js';

/** The outcome of authenticating a page request: the caller, or why not (401 or 403). */
export type PageAuth = { ok: true; principal: Principal } | { ok: false; status: 401 | 403; message: string };

/** `Basic <base64>`: one token of base64 characters (linear: the two classes do not overlap). */
const BASIC = /^Basic[ \t]+([A-Za-z0-9+/]+={0,2})[ \t]*$/i;

/**
 * The password of `Authorization: Basic` (any user name: a browser's login prompt sends the API key
 * as the password), else the key of `Authorization: Bearer` or `X-API-Key`.
 */
export function readPageKey(headers: Headers): string | undefined {
  const auth = headers.get('authorization');
  if (auth !== null && /^basic[ \t]/i.test(auth)) {
    const m = BASIC.exec(auth);
    if (!m?.[1]) return undefined;
    const decoded = Buffer.from(m[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    return decoded.slice(colon + 1).trim() || undefined;
  }
  return readApiKey(headers);
}

/** The dashboard session token of the `Cookie` header, if any. */
function readSessionToken(headers: Headers): string | undefined {
  const cookie = headers.get('cookie');
  if (cookie === null) return undefined;
  return parseCookies(cookie, SESSION_COOKIE)[SESSION_COOKIE] || undefined;
}

/**
 * Authenticates the page's caller like the API does and requires `scope` (`admin` holds all). A
 * key in the headers wins; without one, a dashboard session cookie (`scanrelay_session`) signs in.
 */
export async function authenticatePage(
  services: ApiServices,
  headers: Headers,
  scope: ApiKeyScope,
): Promise<PageAuth> {
  const key = readPageKey(headers);
  const sessionToken = key === undefined ? readSessionToken(headers) : undefined;
  if (key === undefined && sessionToken === undefined)
    return {
      ok: false,
      status: 401,
      message: 'Sign in with your scanrelay API key as the password (any user name).',
    };
  const auth =
    key === undefined
      ? await services.store.sessions.get(sessionToken ?? '')
      : await services.store.apiKeys.authenticate(key);
  if (!auth)
    return {
      ok: false,
      status: 401,
      message:
        key === undefined
          ? 'The dashboard session has ended; sign in again.'
          : 'The API key is unknown or revoked.',
    };
  if (!hasScope(auth.scopes, scope))
    return {
      ok: false,
      status: 403,
      message: `This API key lacks the "${scope}" scope (it has: ${auth.scopes.join(', ') || 'none'}).`,
    };
  return {
    ok: true,
    principal: {
      tenant: auth.tenant,
      keyId: auth.apiKey.id,
      keyPrefix: auth.apiKey.prefix,
      scopes: auth.scopes,
    },
  };
}
