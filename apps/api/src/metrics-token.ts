import { matchesToken, presentedToken } from '@scanrelay/hmac-webhooks';

/** True when `authorization` is `Bearer <token>`, compared in constant time. */
export function isMetricsTokenValid(authorization: string | undefined | null, token: string): boolean {
  return matchesToken(presentedToken(authorization), [token]);
}

/** 127.0.0.0/8 and ::1, also IPv4-mapped (`::ffff:127.0.0.1`). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return v4.startsWith('127.') || address === '::1';
}
