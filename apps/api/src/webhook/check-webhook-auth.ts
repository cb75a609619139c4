import { createHash, timingSafeEqual } from 'node:crypto';
import { SCANRELAY_SIGNATURE_HEADER, verify } from '@scanrelay/hmac-webhooks';
import { ApiProblem } from '../errors/api-problem.js';

export interface WebhookCaller {
  via: 'bearer' | 'signature';
  /** The signed delivery id (signature only). */
  deliveryId?: string;
}

/**
 * A webhook caller proves itself with a configured token (Bearer, or the Basic password; compared in
 * constant time) or a
 * scanrelay-scheme HMAC signature over the raw body (several secrets accepted, for rotation).
 */
export async function checkWebhookAuth(
  headers: Headers,
  body: Uint8Array,
  config: { tokens: readonly string[]; secrets: readonly string[] },
): Promise<WebhookCaller> {
  if (config.tokens.length === 0 && config.secrets.length === 0) {
    throw new ApiProblem(
      'UNAUTHORIZED',
      'this webhook is not configured: set a webhook token or secret on the server',
    );
  }
  if (headers.has(SCANRELAY_SIGNATURE_HEADER) && config.secrets.length > 0) {
    const result = await verify({ scheme: 'scanrelay', secret: config.secrets, body, headers });
    if (!result.ok)
      throw new ApiProblem('UNAUTHORIZED', `webhook signature refused (${result.reason}): ${result.detail}`);
    return { via: 'signature', deliveryId: result.deliveryId };
  }
  const token = presentedToken(headers.get('authorization') ?? '');
  if (token !== undefined && config.tokens.length > 0 && matchesAny(token, config.tokens))
    return { via: 'bearer' };
  throw new ApiProblem(
    'UNAUTHORIZED',
    token !== undefined
      ? 'the webhook token is not one of the configured tokens'
      : `send "Authorization: Bearer <token>" (or Basic with the token as password) or a signed ${SCANRELAY_SIGNATURE_HEADER}`,
  );
}

/** `Bearer <token>`, or `Basic` with the token as the password (Invicti's webhook integration sends Basic). */
function presentedToken(authorization: string): string | undefined {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (bearer) return bearer[1];
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization);
  if (!basic) return undefined;
  const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon >= 0 ? decoded.slice(colon + 1) : undefined;
}

/** Constant time in the token's content: both sides are hashed to the same length first; every token is compared. */
function matchesAny(given: string, tokens: readonly string[]): boolean {
  const g = createHash('sha256').update(given).digest();
  let ok = false;
  for (const t of tokens) {
    if (timingSafeEqual(g, createHash('sha256').update(t).digest())) ok = true;
  }
  return ok;
}
