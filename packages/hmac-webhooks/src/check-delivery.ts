import { checkTimestamp } from './check-timestamp.js';
import { type DeliveryStore, deliveryKey } from './delivery-store.js';
import type { HeadersInput } from './headers-input.js';
import { contentId, hmacSha256, safeEqual, toBytes } from './hmac.js';
import type { HmacKey } from './hmac-keys.js';
import { hmacOf } from './prepared-key.js';
import { readBodyTimestamp } from './read-body-timestamp.js';
import { assertScheme, SCHEMES, type Scheme } from './scheme.js';
import { schemeAdapters } from './schemes/index.js';
import type { SchemeAdapter } from './schemes/scheme-adapter.js';
import {
  failure,
  isVerifyFailure,
  type VerifyFailure,
  type VerifyResult,
  type VerifySuccess,
} from './verify-result.js';

export const DEFAULT_TOLERANCE_SECONDS = 300;
/** How long a GitHub delivery id is remembered, since GitHub signs no timestamp (3 days). */
export const DEFAULT_UNTIMED_REPLAY_TTL_SECONDS = 3 * 24 * 3600;

/** The receiver's settings, shared by `verify` and `createVerifier`. */
export interface VerifySettings {
  scheme: Scheme;
  /** Largest accepted distance between the signed timestamp and now, both directions (default 300 s). */
  toleranceSeconds?: number;
  /** Refuses a delivery id seen before (`verify` only). */
  store?: DeliveryStore;
  /** scanrelay scheme: accept the legacy body-only signature with the body's `timestamp` in ms (default true). */
  allowLegacy?: boolean;
  /** How long to remember ids of deliveries without a signed timestamp (GitHub; default 3 days). */
  untimedReplayTtlSeconds?: number;
}

/** Settings checked once; a `TypeError` for misuse. */
export interface ResolvedSettings {
  scheme: Scheme;
  tolerance: number;
  allowLegacy: boolean;
  untimedTtl: number;
  store: DeliveryStore | undefined;
  adapter: SchemeAdapter;
}

/** The settings of a scheme when no option is given: shared, so that a one-shot `verify` builds none. */
const DEFAULT_SETTINGS = Object.fromEntries(
  SCHEMES.map((scheme) => [
    scheme,
    Object.freeze({
      scheme,
      tolerance: DEFAULT_TOLERANCE_SECONDS,
      allowLegacy: true,
      untimedTtl: DEFAULT_UNTIMED_REPLAY_TTL_SECONDS,
      store: undefined,
      adapter: schemeAdapters[scheme],
    }),
  ]),
) as Record<Scheme, Readonly<ResolvedSettings>>;

export function resolveSettings(settings: VerifySettings, caller: string): ResolvedSettings {
  if (typeof settings !== 'object' || settings === null) {
    throw new TypeError(`@scanrelay/hmac-webhooks: ${caller} expects an options object`);
  }
  if (
    settings.toleranceSeconds === undefined &&
    settings.store === undefined &&
    settings.allowLegacy === undefined &&
    settings.untimedReplayTtlSeconds === undefined &&
    Object.hasOwn(DEFAULT_SETTINGS, settings.scheme as string)
  ) {
    return DEFAULT_SETTINGS[settings.scheme];
  }
  assertScheme(settings.scheme);
  const tolerance = settings.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (typeof tolerance !== 'number' || Number.isNaN(tolerance) || tolerance < 0) {
    throw new TypeError(`@scanrelay/hmac-webhooks: expected toleranceSeconds >= 0, got ${tolerance}`);
  }
  const untimedTtl = settings.untimedReplayTtlSeconds ?? DEFAULT_UNTIMED_REPLAY_TTL_SECONDS;
  if (typeof untimedTtl !== 'number' || !(untimedTtl >= 0)) {
    throw new TypeError(`@scanrelay/hmac-webhooks: expected untimedReplayTtlSeconds >= 0, got ${untimedTtl}`);
  }
  const store = settings.store;
  if (store !== undefined && typeof store?.seen !== 'function') {
    throw new TypeError('@scanrelay/hmac-webhooks: expected store to have a seen(id, expiresAt) method');
  }
  const scheme = settings.scheme;
  const allowLegacy = settings.allowLegacy ?? true;
  return { scheme, tolerance, allowLegacy, untimedTtl, store, adapter: schemeAdapters[scheme] };
}

/** A verified delivery and until when its id must be remembered, or why it is refused. */
export type Checked = VerifyFailure | { result: VerifySuccess; expiresAt: number };

/**
 * Headers, signature and timestamp: everything but the replay store. This is the per-delivery path: plain
 * loops and no objects beyond the parsed headers and the result.
 */
export function checkDelivery(
  s: ResolvedSettings,
  keys: readonly HmacKey[],
  rawBody: Uint8Array | string,
  headers: HeadersInput,
  now: number,
): Checked {
  const body = toBytes(rawBody);
  if (typeof headers !== 'object' || headers === null) {
    throw new TypeError('@scanrelay/hmac-webhooks: expected headers to be a Headers or a record');
  }
  const parsed = s.adapter.parse(headers, s.allowLegacy);
  if (isVerifyFailure(parsed)) return parsed;

  const signatures = parsed.signatures;
  let matched = false;
  for (let k = 0; k < keys.length && !matched; k++) {
    const key = keys[k]!;
    const expected =
      key instanceof Uint8Array ? hmacSha256(key, parsed.prefix, body) : hmacOf(key, parsed.prefix, body);
    // Every signature is compared (no early exit inside one key), each in constant time.
    for (let i = 0; i < signatures.length; i++) {
      if (safeEqual(expected, signatures[i]!)) matched = true;
    }
  }
  if (!matched) {
    const n = keys.length === 1 ? 'the secret' : `${keys.length} secrets`;
    const why = '(wrong secret, or the body was changed or re-serialised)';
    return failure('signature_mismatch', `no signature matches ${n} over the raw body ${why}`);
  }

  const timestampMs = parsed.timestampMs === 'body' ? readBodyTimestamp(body) : parsed.timestampMs;
  if (isVerifyFailure(timestampMs)) return timestampMs;
  const deliveryId = parsed.id ?? contentId(parsed.prefix, body);
  if (timestampMs === null) {
    return {
      result: { ok: true, scheme: s.scheme, deliveryId, timestamp: null },
      expiresAt: now + s.untimedTtl * 1000,
    };
  }
  const late = checkTimestamp(timestampMs, now, s.tolerance);
  if (late) return late;
  const result: VerifySuccess = {
    ok: true,
    scheme: s.scheme,
    deliveryId,
    timestamp: Math.floor(timestampMs / 1000),
  };
  // Remembered one second past the last instant the timestamp is accepted.
  return { result, expiresAt: timestampMs + s.tolerance * 1000 + 1000 };
}

/**
 * The checked delivery through the replay store, when there is one. Not `async` itself: without a store (or for
 * a refusal) the answer is one settled promise, with no extra turns of the microtask queue.
 */
export function recordDelivery(checked: Checked, store: DeliveryStore | undefined): Promise<VerifyResult> {
  if (!('result' in checked)) return Promise.resolve(checked);
  if (store === undefined) return Promise.resolve(checked.result);
  return consultStore(checked.result, checked.expiresAt, store);
}

async function consultStore(
  result: VerifySuccess,
  expiresAt: number,
  store: DeliveryStore,
): Promise<VerifyResult> {
  if (await store.seen(deliveryKey(result.scheme, result.deliveryId), expiresAt)) {
    return failure('replayed', `delivery ${result.deliveryId} was already accepted`);
  }
  return result;
}

export function nowOf(now: number | Date | undefined): number {
  return now === undefined ? Date.now() : +now;
}
