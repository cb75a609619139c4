import { matchesToken, presentedToken, SCANRELAY_SIGNATURE_HEADER } from '@scanrelay/hmac-webhooks';
import { type WebhookEnv, webhookAuth } from '@scanrelay/hmac-webhooks/hono';
import type { MiddlewareHandler } from 'hono';
import { ApiProblem } from '../errors/api-problem.js';
import { readWebhookBody } from './read-webhook-body.js';

/** Who sent a webhook delivery, and its raw body (signatures are over these bytes). */
interface WebhookCaller {
  via: 'bearer' | 'signature';
  /** The signed delivery id (signature only). */
  deliveryId?: string;
  body: Uint8Array;
}

export type WebhookCallerEnv = { Variables: { webhookCaller: WebhookCaller } & WebhookEnv['Variables'] };

const refused = (status: number, reason: string, detail: string): never => {
  if (status === 413) throw new ApiProblem('PAYLOAD_TOO_LARGE', detail);
  throw new ApiProblem('UNAUTHORIZED', `webhook signature refused (${reason}): ${detail}`);
};

/**
 * A webhook caller proves itself with a configured token (Bearer, or the Basic password; compared in
 * constant time) or a scanrelay-scheme HMAC signature over the raw body, checked by
 * `@scanrelay/hmac-webhooks/hono` (several secrets accepted, for rotation). Replays are not refused
 * here: the Invicti completion flow records each delivery in the store and answers a repeat as a
 * duplicate, which a sender that retries must see as success. Refusals are the API's problem+json.
 */
export function createWebhookAuth(config: {
  tokens: readonly string[];
  secrets: readonly string[];
  maxBodyBytes: number;
}): MiddlewareHandler<WebhookCallerEnv> {
  const signed =
    config.secrets.length > 0
      ? (webhookAuth({
          scheme: 'scanrelay',
          secret: [...config.secrets],
          maxBodyBytes: config.maxBodyBytes,
          body: 'raw',
          onRefused: (_c, refusal) => refused(refusal.status, refusal.reason ?? refusal.code, refusal.detail),
          // It sets only `webhook`, which this env includes.
        }) as unknown as MiddlewareHandler<WebhookCallerEnv>)
      : undefined;
  return async (c, next) => {
    if (config.tokens.length === 0 && !signed) {
      throw new ApiProblem(
        'UNAUTHORIZED',
        'this webhook is not configured: set a webhook token or secret on the server',
      );
    }
    if (signed && c.req.header(SCANRELAY_SIGNATURE_HEADER) !== undefined) {
      return signed(c, async () => {
        const webhook = c.get('webhook');
        c.set('webhookCaller', { via: 'signature', deliveryId: webhook.deliveryId, body: webhook.rawBody });
        await next();
      });
    }
    const token = presentedToken(c.req.header('authorization'), { basic: true });
    if (!matchesToken(token, config.tokens)) {
      throw new ApiProblem(
        'UNAUTHORIZED',
        token !== undefined
          ? 'the webhook token is not one of the configured tokens'
          : `send "Authorization: Bearer <token>" (or Basic with the token as password) or a signed ${SCANRELAY_SIGNATURE_HEADER}`,
      );
    }
    c.set('webhookCaller', { via: 'bearer', body: await readWebhookBody(c.req.raw, config.maxBodyBytes) });
    await next();
  };
}
