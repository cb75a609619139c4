import type { Scheme } from './scheme.js';
import { type SignOptions, signDelivery } from './sign.js';

export interface SignRequestOptions extends Omit<SignOptions, 'scheme' | 'body'> {
  /** Default `scanrelay`. */
  scheme?: Scheme;
  /** Bytes or text are sent as they are; any other value is serialised once with `JSON.stringify`. */
  body: Uint8Array | string | unknown;
  /** Default `application/json`. */
  contentType?: string;
}

export interface SignedRequest {
  /** Exactly the bytes that were signed: send these, never a re-serialisation. */
  body: Uint8Array;
  /** `content-type` and the signature headers. */
  headers: Record<string, string>;
  deliveryId: string;
  timestamp: number | null;
}

/**
 * What a sender (sinks, SAST runners) needs to post a signed webhook: the body bytes and every header, signed
 * with each active secret. For a retry, pass the same `id` (and body) with a fresh timestamp.
 *
 * @example
 * const req = signRequest({ secret: [newSecret, oldSecret], body: { scanId, verdict } });
 * await fetch(callbackUrl, { method: 'POST', headers: req.headers, body: req.body });
 */
export function signRequest(options: SignRequestOptions): SignedRequest {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('@scanrelay/hmac-webhooks: signRequest() expects an options object');
  }
  const { contentType = 'application/json', scheme = 'scanrelay', body: value, ...rest } = options;
  let body: Uint8Array;
  if (value instanceof Uint8Array) body = value;
  else if (typeof value === 'string') body = Buffer.from(value, 'utf8');
  else {
    const json = JSON.stringify(value);
    if (json === undefined)
      throw new TypeError('@scanrelay/hmac-webhooks: expected a JSON-serialisable body, got undefined');
    body = Buffer.from(json, 'utf8');
  }
  const signed = signDelivery({ ...rest, scheme, body });
  return {
    body,
    headers: { 'content-type': contentType, ...signed.headers },
    deliveryId: signed.deliveryId,
    timestamp: signed.timestamp,
  };
}
