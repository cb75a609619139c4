import { failure, type VerifyFailure } from './verify-result.js';

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * The scanrelay legacy mode's timestamp: the body's top-level `timestamp` in milliseconds since the epoch.
 * Read only after the signature matched, so an unauthenticated body is never parsed.
 */
export function readBodyTimestamp(body: Uint8Array): number | VerifyFailure {
  let value: unknown;
  try {
    value = JSON.parse(decoder.decode(body));
  } catch {
    return failure(
      'header_malformed',
      'legacy scanrelay signature: the body is not JSON, so it has no `timestamp`',
      'timestamp',
    );
  }
  const timestamp =
    typeof value === 'object' && value !== null ? (value as { timestamp?: unknown }).timestamp : undefined;
  if (timestamp === undefined) {
    return failure(
      'header_missing',
      'legacy scanrelay signature: without x-webhook-id and x-webhook-timestamp headers the body needs a `timestamp` in milliseconds',
      'timestamp',
    );
  }
  if (typeof timestamp !== 'number' || !Number.isSafeInteger(timestamp) || timestamp < 0) {
    return failure(
      'header_malformed',
      'legacy scanrelay signature: the body `timestamp` must be an integer number of milliseconds',
      'timestamp',
    );
  }
  return timestamp;
}
