import type { Context, MiddlewareHandler } from 'hono';
import { createVerifier } from '../create-verifier.js';
import { type DeliveryStore, deliveryKey } from '../delivery-store.js';
import { assertScheme, type Scheme } from '../scheme.js';
import { type Secrets, secretList } from '../secret.js';
import { verify } from '../verify.js';
import type { VerifyFailureReason, VerifyResult } from '../verify-result.js';
import { problem, type WebhookProblem, webhookProblem } from '../webhook-problem.js';
import { readBodyLimited } from './read-body-limited.js';
import { readIncomingBody, untouchedIncoming } from './read-incoming-body.js';

/** What a route behind `webhookAuth` gets from `c.get('webhook')`. */
export interface VerifiedWebhook {
  scheme: Scheme;
  /** The body exactly as received and verified. */
  rawBody: Uint8Array;
  /** The body parsed as JSON; undefined when the middleware was told `body: 'raw'`. */
  json: unknown;
  deliveryId: string;
  /** Unix seconds; null for GitHub. */
  timestamp: number | null;
}

export type WebhookEnv = { Variables: { webhook: VerifiedWebhook } };

/** Per-request secrets, e.g. looked up by tenant. */
// biome-ignore lint/suspicious/noExplicitAny: any app's Env may call it
export type SecretsFor = (c: Context<any>) => Secrets | undefined | Promise<Secrets | undefined>;

export interface WebhookAuthOptions {
  scheme: Scheme;
  /** The secret(s), or a function returning them for this request (per-tenant secrets); none found answers 401. */
  secret: Secrets | SecretsFor;
  /** Default 300 s, both directions. */
  toleranceSeconds?: number;
  /** Refuses replays; released again when the route throws or answers 5xx, so that the sender's retry goes through. */
  store?: DeliveryStore;
  /** Largest body read; beyond it 413 without reading the rest (default 1 MiB). */
  maxBodyBytes?: number;
  /** scanrelay scheme: accept the legacy body-only signature (default true). */
  allowLegacy?: boolean;
  /** How long GitHub delivery ids are remembered (default 3 days). */
  untimedReplayTtlSeconds?: number;
  /**
   * `json` (default): a correctly signed body that is not JSON is refused with 400. `raw`: the route
   * reads `rawBody` itself (form-encoded deliveries, say) and `json` is undefined.
   */
  body?: 'json' | 'raw';
  /**
   * Answers a refusal in the app's own format (throw its error, or return a response). Without it the
   * answer is the problem+json document. `reason` says why a signature check failed.
   */
  // biome-ignore lint/suspicious/noExplicitAny: any app's Context may call it
  onRefused?: (c: Context<any>, refusal: WebhookRefusal) => Response | Promise<Response>;
}

/** A refused delivery: the problem document that would be sent, and the verifier's reason when there is one. */
export interface WebhookRefusal extends WebhookProblem {
  reason?: VerifyFailureReason;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

function defaultAnswer(c: Context, p: WebhookProblem): Response {
  return c.body(JSON.stringify(p), p.status as 400, { 'content-type': 'application/problem+json' });
}

/**
 * Hono middleware: reads the raw body once (bounded), verifies it under `scheme`, and hands the route
 * `c.get('webhook')`. Refusals are problem+json: 401 (`webhook_*` codes), 413 `payload_too_large`,
 * 400 `webhook_body_invalid` when a correctly signed body is not JSON.
 */
export function webhookAuth(options: WebhookAuthOptions): MiddlewareHandler<WebhookEnv> {
  assertScheme(options?.scheme);
  const { scheme, secret, store } = options;
  const settings = {
    scheme,
    store,
    toleranceSeconds: options.toleranceSeconds,
    allowLegacy: options.allowLegacy,
    untimedReplayTtlSeconds: options.untimedReplayTtlSeconds,
  };
  // Fixed secrets are imported once; per-request ones are verified as they come.
  const fixed =
    typeof secret === 'function' ? undefined : createVerifier({ ...settings, secret: secretList(secret) });
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const parseJson = (options.body ?? 'json') === 'json';
  const answer = (c: Context, p: WebhookProblem, reason?: VerifyFailureReason) =>
    options.onRefused ? options.onRefused(c, { ...p, reason }) : defaultAnswer(c, p);
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 1) {
    throw new TypeError(
      `@scanrelay/hmac-webhooks: expected maxBodyBytes to be a positive integer, got ${maxBodyBytes}`,
    );
  }

  return async (c, next) => {
    // On node's server the body is read from node's own stream: no fetch Request, body stream or
    // AbortSignal is built for the delivery.
    const incoming = untouchedIncoming(c);
    if (!incoming && c.req.raw.bodyUsed) {
      // A re-serialisation would never match; say so instead of answering 401 to every delivery.
      throw new TypeError(
        '@scanrelay/hmac-webhooks: webhookAuth() must run before anything reads the request body',
      );
    }
    const rawBody = incoming
      ? await readIncomingBody(incoming, maxBodyBytes)
      : await readBodyLimited(c.req.raw, maxBodyBytes);
    if (rawBody === 'too_large') {
      return answer(
        c,
        problem('payload_too_large', 413, 'Payload too large', `the body exceeds ${maxBodyBytes} bytes`),
      );
    }
    const headers = incoming ? incoming.headers : c.req.raw.headers;
    let result: VerifyResult;
    if (fixed) result = await fixed.verify(rawBody, headers);
    else {
      const secrets = await (secret as SecretsFor)(c);
      if (secrets === undefined || (Array.isArray(secrets) && secrets.length === 0)) {
        const detail = 'no webhook secret is configured for this endpoint';
        return answer(c, problem('webhook_signature_invalid', 401, 'Webhook signature invalid', detail));
      }
      result = await verify({ ...settings, secret: secrets, body: rawBody, headers });
    }
    if (!result.ok) return answer(c, webhookProblem(result), result.reason);
    const key = deliveryKey(scheme, result.deliveryId);

    let json: unknown;
    try {
      if (parseJson) json = JSON.parse(decoder.decode(rawBody));
    } catch {
      await store?.release?.(key);
      return answer(
        c,
        problem('webhook_body_invalid', 400, 'Webhook body invalid', 'the signed body is not UTF-8 JSON'),
      );
    }
    const { deliveryId, timestamp } = result;
    c.set('webhook', { scheme, rawBody, json, deliveryId, timestamp });
    // Later c.req.json()/text()/arrayBuffer() read these bytes instead of the consumed stream.
    (c.req.bodyCache as Record<string, unknown>).arrayBuffer = Promise.resolve(rawBody.slice().buffer);

    await next();
    if (store?.release && (c.error !== undefined || c.res.status >= 500)) await store.release(key);
  };
}
