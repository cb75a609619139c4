import { randomUUID } from 'node:crypto';
import { contentId, hmacSha256, toBytes } from './hmac.js';
import { readBodyTimestamp } from './read-body-timestamp.js';
import { assertScheme, type Scheme } from './scheme.js';
import { isDeliveryId } from './schemes/header-values.js';
import { schemeAdapters } from './schemes/index.js';
import { keysFor, type Secrets } from './secret.js';

export interface SignOptions {
  scheme: Scheme;
  /** One secret, or several during a rotation: one signature per secret (GitHub carries only one). */
  secret: Secrets;
  /** The raw body exactly as it will be sent (a string is taken as UTF-8). */
  body: Uint8Array | string;
  /** Delivery id (scanrelay, standard, github); default `msg_<32 hex>` (a UUID for GitHub). Constant across retries. */
  id?: string;
  /** Unix seconds of this attempt (scanrelay, standard, stripe); default now. */
  timestamp?: number;
  /** scanrelay only: the legacy body-only signature (the body must carry `timestamp` in ms). */
  legacy?: boolean;
}

export interface SignedDelivery {
  /** The headers to send with the body. */
  headers: Record<string, string>;
  /** The delivery id a receiver will see. */
  deliveryId: string;
  /** The signed timestamp in Unix seconds; null when none is signed. */
  timestamp: number | null;
}

function deliveryMeta(options: SignOptions) {
  const legacy = options.legacy === true;
  if (legacy && options.scheme !== 'scanrelay') {
    throw new TypeError(
      `@scanrelay/hmac-webhooks: legacy signing exists only for the scanrelay scheme, got ${options.scheme}`,
    );
  }
  const id =
    options.id ?? (options.scheme === 'github' ? randomUUID() : `msg_${randomUUID().replaceAll('-', '')}`);
  if (typeof id !== 'string' || !isDeliveryId(id)) {
    throw new TypeError(
      '@scanrelay/hmac-webhooks: expected id to be 1 to 256 visible ASCII characters without "."',
    );
  }
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  if (!Number.isSafeInteger(timestamp) || timestamp < 0 || timestamp > 1e11) {
    throw new TypeError(
      `@scanrelay/hmac-webhooks: expected timestamp in integer Unix seconds, got ${timestamp}${timestamp > 1e11 ? ' (milliseconds?)' : ''}`,
    );
  }
  return { id, timestamp, legacy };
}

/** Signs a body under a scheme and says what the receiver will see. */
export function signDelivery(options: SignOptions): SignedDelivery {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('@scanrelay/hmac-webhooks: sign() expects an options object');
  }
  assertScheme(options.scheme);
  const adapter = schemeAdapters[options.scheme];
  const keys = keysFor(options.scheme, options.secret);
  const body = toBytes(options.body);
  const meta = deliveryMeta(options);
  const prefix = adapter.prefix(meta);
  const headers = adapter.headers(
    keys.map((key) => hmacSha256(key, prefix, body)),
    meta,
  );
  const deliveryId = meta.legacy || !adapter.sendsId(meta) ? contentId(prefix, body) : meta.id;
  let timestamp: number | null = adapter.signsTimestamp(meta) ? meta.timestamp : null;
  if (meta.legacy) {
    const ms = readBodyTimestamp(body);
    timestamp = typeof ms === 'number' ? Math.floor(ms / 1000) : null;
  }
  return { headers, deliveryId, timestamp };
}

/** The headers that carry the signature(s) of `body`, e.g. `{ 'x-webhook-id', 'x-webhook-timestamp', 'x-webhook-signature' }`. */
export function sign(options: SignOptions): Record<string, string> {
  return signDelivery(options).headers;
}
