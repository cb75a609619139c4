import { createHmac, timingSafeEqual } from 'node:crypto';

/** The name of the hidden form field that carries the CSRF token. */
export const CSRF_FIELD = '_csrf';

/**
 * The CSRF token of a session: HMAC-SHA256 keyed by the session token over `csrf`, base64url. It
 * changes with the session and cannot be derived without the (HttpOnly) session cookie.
 */
export function csrfTokenFor(sessionToken: string): string {
  return createHmac('sha256', sessionToken).update('csrf', 'utf8').digest('base64url');
}

/** True when `given` equals `expected`, compared in constant time (a missing token is false). */
export function isSameToken(expected: string, given: unknown): boolean {
  if (typeof given !== 'string' || given === '') return false;
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
