import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * The token a caller presents in an `Authorization` header: `Bearer <token>`, or (with `basic`) the
 * password of `Basic user:password`, which some senders (Invicti's webhook integration) can only send.
 */
export function presentedToken(authorization: string | null | undefined, options: { basic?: boolean } = {}) {
  const header = authorization ?? '';
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (bearer) return bearer[1];
  if (!options.basic) return undefined;
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!basic) return undefined;
  const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon >= 0 ? decoded.slice(colon + 1) : undefined;
}

/**
 * True when `given` equals one of `tokens`. Constant time in the tokens' content: both sides are hashed
 * to one length first, and every configured token is compared (no early exit).
 */
export function matchesToken(given: string | undefined, tokens: readonly string[]): boolean {
  if (given === undefined) return false;
  const g = createHash('sha256').update(given).digest();
  let ok = false;
  for (const t of tokens) {
    if (timingSafeEqual(g, createHash('sha256').update(t).digest())) ok = true;
  }
  return ok;
}
