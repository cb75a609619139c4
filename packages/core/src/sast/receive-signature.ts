import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  type DeliveryStore,
  deliveryKey,
  SCANRELAY_ID_HEADER,
  SCANRELAY_SIGNATURE_HEADER,
  SCANRELAY_TIMESTAMP_HEADER,
  verify,
} from '@scanrelay/hmac-webhooks';
import { CoreError } from '../core-error.js';
import type { SastDeps } from './sast-types.js';

/** The `source` scan-result deliveries are recorded under in `store.deliveries`. */
export const SCAN_RESULTS_SOURCE = 'scan-results';

/** Request headers as the API hands them over. */
export type ResultHeaders = Headers | Record<string, string | undefined>;

/** A signature that verified. */
export type VerifiedSignature =
  /** The scanrelay scheme: its delivery is already recorded under `deliveryKey`. */
  | { scheme: 'scanrelay'; deliveryKey: string }
  /** The seed's bare hex HMAC of the body: recorded once the scan id is known (`bodyDeliveryKey`). */
  | { scheme: 'body' };

/** A bare-form signature header longer than this is refused unread. */
const MAX_BODY_SIGNATURE_HEADER = 4096;
const HEX64 = /^[0-9a-fA-F]{64}$/;

export const REPLAYED_DETAIL = 'this delivery was already recorded; nothing was applied again';

const unauthorized = (detail: string) =>
  new CoreError('unauthorized', `the scan result's signature does not verify: ${detail}`);

function headerOf(headers: ResultHeaders, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const record = headers as Record<string, string | undefined>;
  if (record[name] !== undefined) return record[name];
  for (const key of Object.keys(record)) if (key.toLowerCase() === name) return record[key];
  return undefined;
}

/**
 * The delivery store of scan results, in `store.deliveries` under the source `scan-results`: every API
 * replica shares it. The same as `@scanrelay/storage`'s `createStorageDeliveryStore(store, {source})`,
 * written against the `Store` interface because core loads storage's types only, never its drivers.
 */
export function scanResultDeliveries(deps: SastDeps): Required<DeliveryStore> {
  const { deliveries } = deps.store;
  return {
    async seen(id, expiresAt) {
      const expires = new Date(expiresAt).toISOString();
      const { isNew } = await deliveries.record({
        id,
        source: SCAN_RESULTS_SOURCE,
        outcome: 'accepted',
        expiresAt: expires,
      });
      return !isNew;
    },
    async release(id) {
      await deliveries.forget(SCAN_RESULTS_SOURCE, id);
    },
  };
}

/** The delivery id of a body-signed result: it has no timestamp, so it is its scan and its content. */
export function bodyDeliveryKey(scanId: string, bodyDigest: string): string {
  return `body:${scanId}:${bodyDigest}`;
}

/**
 * The seed's form: `x-webhook-signature` holds the bare hex HMAC-SHA256 of the raw body (several
 * entries separated by spaces or commas during a rotation; other entries are ignored). Every entry is
 * compared with every secret in constant time, without an early exit.
 */
function verifyBodySignature(secrets: readonly string[], body: Uint8Array, header: string | undefined): void {
  const value = header?.trim();
  if (value === undefined || value === '')
    throw unauthorized(`the ${SCANRELAY_SIGNATURE_HEADER} header is missing`);
  if (value.length > MAX_BODY_SIGNATURE_HEADER)
    throw unauthorized(
      `the ${SCANRELAY_SIGNATURE_HEADER} header is longer than ${MAX_BODY_SIGNATURE_HEADER} characters`,
    );
  const given = value
    .split(/[\s,]+/)
    .filter((entry) => HEX64.test(entry))
    .map((entry) => Buffer.from(entry, 'hex'));
  if (given.length === 0)
    throw unauthorized(
      `${SCANRELAY_SIGNATURE_HEADER} holds no 64-digit hex HMAC-SHA256 of the body (and there is no ${SCANRELAY_ID_HEADER} or ${SCANRELAY_TIMESTAMP_HEADER} for the scanrelay scheme)`,
    );
  let matched = false;
  for (const secret of secrets) {
    const expected = createHmac('sha256', secret).update(body).digest();
    for (const signature of given) {
      if (signature.length === expected.length && timingSafeEqual(signature, expected)) matched = true;
    }
  }
  if (!matched) {
    const n = secrets.length === 1 ? 'the secret' : `any of ${secrets.length} secrets`;
    throw unauthorized(
      `no ${SCANRELAY_SIGNATURE_HEADER} entry matches ${n} over the raw body (wrong secret, or the body was changed or re-serialised)`,
    );
  }
}

/**
 * Verifies a scan result's signature over the raw body with `sast.callbackSecrets`. With
 * `x-webhook-id` or `x-webhook-timestamp`: the scanrelay scheme, fresh within
 * `sast.toleranceSeconds` of `deps.now`, its delivery id recorded once (a repeat is `replayed`).
 * Otherwise, when `sast.acceptBodySignature`: the seed's bare hex HMAC of the body, which the caller
 * deduplicates on (scan id, body digest). Throws CoreError `unauthorized` (with the reason) or
 * `replayed`.
 */
export async function verifyResultSignature(
  deps: SastDeps,
  body: Uint8Array,
  headers: ResultHeaders,
  now: Date,
): Promise<VerifiedSignature> {
  const secrets = deps.config.callbackSecrets;
  if (secrets.length === 0) throw new CoreError('unauthorized', 'sast.callbackSecrets is not configured');
  const timed =
    headerOf(headers, SCANRELAY_ID_HEADER) !== undefined ||
    headerOf(headers, SCANRELAY_TIMESTAMP_HEADER) !== undefined;
  if (!timed) {
    if (!deps.config.acceptBodySignature)
      throw unauthorized(
        `${SCANRELAY_ID_HEADER} and ${SCANRELAY_TIMESTAMP_HEADER} are required (sast.acceptBodySignature is off)`,
      );
    verifyBodySignature(secrets, body, headerOf(headers, SCANRELAY_SIGNATURE_HEADER));
    return { scheme: 'body' };
  }
  const result = await verify({
    scheme: 'scanrelay',
    secret: secrets,
    body,
    headers,
    now,
    toleranceSeconds: deps.config.toleranceSeconds,
    allowLegacy: false,
    store: scanResultDeliveries(deps),
  });
  if (result.ok) return { scheme: 'scanrelay', deliveryKey: deliveryKey(result.scheme, result.deliveryId) };
  if (result.reason === 'replayed') throw new CoreError('replayed', REPLAYED_DETAIL);
  throw unauthorized(result.detail);
}
