import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Constant-time comparison of two strings of any length. */
function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

/** Whether an Authorization header carries HTTP Basic `userId:apiToken`. */
export function checkBasicAuth(header: string | undefined, userId: string, apiToken: string): boolean {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match?.[1]) return false;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return false;
  // Both halves are compared, always, so the time taken does not tell which one was wrong.
  const userOk = safeEqual(decoded.slice(0, colon), userId);
  const tokenOk = safeEqual(decoded.slice(colon + 1), apiToken);
  return userOk && tokenOk;
}
