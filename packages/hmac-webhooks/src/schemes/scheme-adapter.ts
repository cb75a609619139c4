import type { HeadersInput } from '../headers-input.js';
import type { Scheme } from '../scheme.js';
import type { VerifyFailure } from '../verify-result.js';

/** What a scheme reads from the headers before any HMAC is computed. */
interface ParsedDelivery {
  /** Text signed before the raw body (`<id>.<timestamp>.`, `<t>.`, or nothing). */
  prefix: string;
  /** The decoded signatures the sender sent (32 bytes each); any one matching a secret is enough. */
  signatures: readonly Uint8Array[];
  /** The delivery id from the headers; absent when it is derived from the signed content. */
  id?: string;
  /** The signed timestamp in milliseconds; `'body'` when it is the body's `timestamp` field; null when none. */
  timestampMs: number | null | 'body';
}

interface SignMeta {
  id: string;
  /** Unix seconds. */
  timestamp: number;
  legacy: boolean;
}

/** One signing scheme: how to read its headers and how to write them. */
export interface SchemeAdapter {
  readonly scheme: Scheme;
  /** `allowLegacy`: scanrelay's legacy body-only signature is accepted (a plain flag: no object per delivery). */
  parse(headers: HeadersInput, allowLegacy: boolean): ParsedDelivery | VerifyFailure;
  /** The text signed before the body, so that a sender can sign once per key. */
  prefix(meta: SignMeta): string;
  /** The headers carrying the given signatures (one per secret). */
  headers(signatures: readonly Buffer[], meta: SignMeta): Record<string, string>;
  /** Whether the delivery id is sent in a header (otherwise it is `sha256:` of the signed content). */
  sendsId(meta: SignMeta): boolean;
  /** Whether a timestamp is signed. */
  signsTimestamp(meta: SignMeta): boolean;
}
