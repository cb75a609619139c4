import { getHeader } from '../headers-input.js';
import { fromHex64 } from '../hmac.js';
import { failure, isVerifyFailure } from '../verify-result.js';
import { isDeliveryId, readId, readSeconds, secondsOf } from './header-values.js';
import type { SchemeAdapter } from './scheme-adapter.js';

export const SCANRELAY_ID_HEADER = 'x-webhook-id';
export const SCANRELAY_TIMESTAMP_HEADER = 'x-webhook-timestamp';
export const SCANRELAY_SIGNATURE_HEADER = 'x-webhook-signature';
const PREFIX = 'hmac-sha256=';

/** Every `hmac-sha256=<hex>` entry of a trimmed signature header, in any case, separated by spaces or commas. */
function readSignatureList(value: string): Uint8Array[] {
  const signatures: Uint8Array[] = [];
  const single = value.indexOf(' ') < 0 && value.indexOf(',') < 0 && value.indexOf('\t') < 0;
  for (const entry of single ? [value] : value.split(/[\s,]+/)) {
    if (!entry.startsWith(PREFIX) && entry.slice(0, PREFIX.length).toLowerCase() !== PREFIX) continue;
    const digest = fromHex64(entry, PREFIX.length);
    if (digest) signatures.push(digest);
  }
  return signatures;
}

/**
 * scanrelay's scheme: `x-webhook-signature: hmac-sha256=<hex>[ hmac-sha256=<hex>…]` over
 * `<x-webhook-id>.<x-webhook-timestamp>.<raw body>`. Legacy mode (neither id nor timestamp header): the
 * signature is over the raw body alone and the timestamp is the body's `timestamp` field in milliseconds.
 *
 * This runs on every delivery, so the common case (one signature, an id and a timestamp without surrounding
 * white space) is read by index without trimming, splitting or a regex; anything else takes the general path.
 */
export const scanrelayScheme: SchemeAdapter = {
  scheme: 'scanrelay',
  parse(headers, allowLegacy) {
    const header = getHeader(headers, SCANRELAY_SIGNATURE_HEADER);
    let single: Uint8Array | undefined;
    if (header !== undefined && header.length === PREFIX.length + 64 && header.startsWith(PREFIX)) {
      single = fromHex64(header, PREFIX.length);
    }
    let signatures: Uint8Array[];
    if (single !== undefined) signatures = [single];
    else {
      const value = header?.trim();
      if (value === undefined || value === '') {
        return failure(
          'header_missing',
          `the ${SCANRELAY_SIGNATURE_HEADER} header is missing`,
          SCANRELAY_SIGNATURE_HEADER,
        );
      }
      signatures = readSignatureList(value);
      if (signatures.length === 0) {
        return failure(
          'header_malformed',
          `the ${SCANRELAY_SIGNATURE_HEADER} header must hold hmac-sha256=<64 hex digits> entries separated by spaces`,
          SCANRELAY_SIGNATURE_HEADER,
        );
      }
    }
    const rawId = getHeader(headers, SCANRELAY_ID_HEADER);
    const rawTimestamp = getHeader(headers, SCANRELAY_TIMESTAMP_HEADER);
    if (rawId === undefined && rawTimestamp === undefined && allowLegacy) {
      return { prefix: '', signatures, timestampMs: 'body' };
    }
    const seconds = rawTimestamp === undefined ? -1 : secondsOf(rawTimestamp);
    if (rawId !== undefined && isDeliveryId(rawId) && seconds >= 0) {
      return { prefix: `${rawId}.${rawTimestamp}.`, signatures, id: rawId, timestampMs: seconds * 1000 };
    }
    const id = readId(rawId, SCANRELAY_ID_HEADER);
    if (isVerifyFailure(id)) return id;
    const timestamp = readSeconds(rawTimestamp, SCANRELAY_TIMESTAMP_HEADER);
    if (isVerifyFailure(timestamp)) return timestamp;
    return { prefix: `${id}.${timestamp.text}.`, signatures, id, timestampMs: timestamp.ms };
  },
  prefix: (meta) => (meta.legacy ? '' : `${meta.id}.${meta.timestamp}.`),
  headers(signatures, meta): Record<string, string> {
    const value = signatures.map((s) => PREFIX + s.toString('hex')).join(' ');
    if (meta.legacy) return { [SCANRELAY_SIGNATURE_HEADER]: value };
    return {
      [SCANRELAY_ID_HEADER]: meta.id,
      [SCANRELAY_TIMESTAMP_HEADER]: String(meta.timestamp),
      [SCANRELAY_SIGNATURE_HEADER]: value,
    };
  },
  sendsId: (meta) => !meta.legacy,
  signsTimestamp: () => true,
};
