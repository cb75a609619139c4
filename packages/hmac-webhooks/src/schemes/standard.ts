import { getHeader } from '../headers-input.js';
import { fromBase64Digest } from '../hmac.js';
import { failure, isVerifyFailure } from '../verify-result.js';
import { isDeliveryId, readId, readSeconds, secondsOf } from './header-values.js';
import type { SchemeAdapter } from './scheme-adapter.js';

export const STANDARD_ID_HEADER = 'webhook-id';
export const STANDARD_TIMESTAMP_HEADER = 'webhook-timestamp';
export const STANDARD_SIGNATURE_HEADER = 'webhook-signature';

const WEBHOOK_NAMES = {
  id: STANDARD_ID_HEADER,
  timestamp: STANDARD_TIMESTAMP_HEADER,
  signature: STANDARD_SIGNATURE_HEADER,
} as const;
const SVIX_NAMES = { id: 'svix-id', timestamp: 'svix-timestamp', signature: 'svix-signature' } as const;

/** Every `v1,<base64>` entry of a signature header; other versions (`v1a`, …) are skipped. */
function readSignatureList(header: string): Uint8Array[] {
  const signatures: Uint8Array[] = [];
  for (const entry of header.trim().split(/\s+/)) {
    const comma = entry.indexOf(',');
    if (comma < 0 || entry.slice(0, comma) !== 'v1') continue;
    const digest = fromBase64Digest(entry.slice(comma + 1));
    if (digest) signatures.push(digest);
  }
  return signatures;
}

/**
 * Standard Webhooks (https://www.standardwebhooks.com): `webhook-signature: v1,<base64>[ v1,<base64>…]` over
 * `<webhook-id>.<webhook-timestamp>.<raw body>`, keyed with the base64-decoded `whsec_` secret. Entries of
 * other versions (`v1a`, …) are skipped. `svix-*` names are read when no `webhook-id` is present.
 */
export const standardScheme: SchemeAdapter = {
  scheme: 'standard',
  parse(headers) {
    let rawId = getHeader(headers, STANDARD_ID_HEADER);
    let names: typeof WEBHOOK_NAMES | typeof SVIX_NAMES = WEBHOOK_NAMES;
    if (rawId === undefined) {
      rawId = getHeader(headers, SVIX_NAMES.id);
      if (rawId !== undefined) names = SVIX_NAMES;
    }
    const header = getHeader(headers, names.signature);
    if (header === undefined || header.trim() === '') {
      return failure('header_missing', `the ${names.signature} header is missing`, names.signature);
    }
    // The common case, one `v1,<44 base64>` entry, without splitting the header.
    const single =
      header.length === 47 && header.startsWith('v1,') ? fromBase64Digest(header.slice(3)) : undefined;
    const signatures = single === undefined ? readSignatureList(header) : [single];
    if (signatures.length === 0) {
      return failure(
        'header_malformed',
        `the ${names.signature} header must hold v1,<base64 HMAC-SHA256> entries separated by spaces`,
        names.signature,
      );
    }
    const rawTimestamp = getHeader(headers, names.timestamp);
    const seconds = rawTimestamp === undefined ? -1 : secondsOf(rawTimestamp);
    if (rawId !== undefined && isDeliveryId(rawId) && seconds >= 0) {
      return { prefix: `${rawId}.${rawTimestamp}.`, signatures, id: rawId, timestampMs: seconds * 1000 };
    }
    const id = readId(rawId, names.id);
    if (isVerifyFailure(id)) return id;
    const timestamp = readSeconds(rawTimestamp, names.timestamp);
    if (isVerifyFailure(timestamp)) return timestamp;
    return { prefix: `${id}.${timestamp.text}.`, signatures, id, timestampMs: timestamp.ms };
  },
  prefix: (meta) => `${meta.id}.${meta.timestamp}.`,
  headers: (signatures, meta) => ({
    [STANDARD_ID_HEADER]: meta.id,
    [STANDARD_TIMESTAMP_HEADER]: String(meta.timestamp),
    [STANDARD_SIGNATURE_HEADER]: signatures.map((s) => `v1,${s.toString('base64')}`).join(' '),
  }),
  sendsId: () => true,
  signsTimestamp: () => true,
};
