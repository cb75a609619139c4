import { STANDARD_ID_HEADER, verifySync } from '@scanrelay/hmac-webhooks';
import { Hono } from 'hono';

export interface FakeWebhookReceiverOptions {
  /**
   * Standard Webhooks secrets any one of which may sign a delivery: `whsec_<base64>` is base64-decoded,
   * any other string is used as its UTF-8 bytes (the rule of @scanrelay/sinks' webhook sink).
   */
  secrets: readonly string[];
  /** Largest accepted age of `webhook-timestamp`. Default 300 s. */
  toleranceSeconds?: number;
  now?: () => number;
}

/** One delivery whose signature verified. */
export interface ReceivedDelivery {
  /** `webhook-id` */
  id: string;
  /** `webhook-timestamp`, Unix seconds. */
  timestamp: number;
  path: string;
  /** How many `v1,<sig>` entries the signature header carried. */
  signatureCount: number;
  /** The parsed JSON body. */
  payload: { type?: string; timestamp?: string; data?: Record<string, unknown> } & Record<string, unknown>;
}

/** One refused delivery, with hmac-webhooks' reason. */
export interface RejectedDelivery {
  id: string | undefined;
  reason: string;
  detail: string;
}

function keyOf(secret: string): string | Uint8Array {
  return secret.startsWith('whsec_') ? secret : new TextEncoder().encode(secret);
}

/**
 * A webhook receiver that verifies Standard Webhooks signatures with @scanrelay/hmac-webhooks:
 * verified deliveries are recorded (a repeated `webhook-id` is answered 200 and counted once),
 * forged or stale ones answer 401, and `failNext` makes it answer errors first.
 */
export function createFakeWebhookReceiverApp(opts: FakeWebhookReceiverOptions) {
  const keys = opts.secrets.map(keyOf);
  const deliveries: ReceivedDelivery[] = [];
  const rejected: RejectedDelivery[] = [];
  /** The `webhook-id` of every request, failed attempts included, in arrival order. */
  const attempts: string[] = [];
  const faults: { status: number; retryAfter?: string }[] = [];
  const accepted = new Set<string>();
  let duplicates = 0;

  const app = new Hono();
  app.post('*', async (c) => {
    const body = new Uint8Array(await c.req.arrayBuffer());
    const id = c.req.header(STANDARD_ID_HEADER);
    attempts.push(id ?? '');
    const fault = faults.shift();
    if (fault) {
      const headers: Record<string, string> = fault.retryAfter ? { 'retry-after': fault.retryAfter } : {};
      return c.text(`injected fault ${fault.status}`, fault.status as 500, headers);
    }
    const headers = Object.fromEntries(c.req.raw.headers.entries());
    const result = verifySync({
      scheme: 'standard',
      secret: keys,
      body,
      headers,
      toleranceSeconds: opts.toleranceSeconds ?? 300,
      ...(opts.now ? { now: opts.now() } : {}),
    });
    if (!result.ok) {
      rejected.push({ id, reason: result.reason, detail: result.detail });
      return c.json({ error: result.reason, detail: result.detail }, 401);
    }
    if (accepted.has(result.deliveryId)) {
      duplicates += 1;
      return c.body(null, 204);
    }
    let payload: ReceivedDelivery['payload'];
    try {
      payload = JSON.parse(Buffer.from(body).toString('utf8'));
    } catch {
      return c.json({ error: 'body_not_json' }, 400);
    }
    const signatureCount = (c.req.header('webhook-signature') ?? '').trim().split(/\s+/).length;
    accepted.add(result.deliveryId);
    deliveries.push({
      id: result.deliveryId,
      timestamp: result.timestamp ?? 0,
      path: c.req.path,
      signatureCount,
      payload,
    });
    return c.body(null, 204);
  });

  return {
    app,
    deliveries,
    rejected,
    attempts,
    /** How many verified deliveries repeated an id already accepted. */
    duplicateCount: () => duplicates,
    /** The next `count` requests answer `status` before any verification. */
    failNext(count: number, status: number, retryAfter?: string) {
      for (let i = 0; i < count; i++)
        faults.push(retryAfter === undefined ? { status } : { status, retryAfter });
    },
  };
}

export type FakeWebhookReceiverApp = ReturnType<typeof createFakeWebhookReceiverApp>;
