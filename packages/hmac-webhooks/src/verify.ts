import {
  checkDelivery,
  nowOf,
  recordDelivery,
  resolveSettings,
  type VerifySettings,
} from './check-delivery.js';
import type { HeadersInput } from './headers-input.js';
import { hmacKeysFor } from './hmac-keys.js';
import type { Secrets } from './secret.js';
import type { VerifyResult } from './verify-result.js';

export interface VerifyOptions extends VerifySettings {
  /** The secret, or several during a key rotation: any one matching is enough. */
  secret: Secrets;
  /** The raw body exactly as received (a string is taken as UTF-8). */
  body: Uint8Array | string;
  headers: HeadersInput;
  /** Now, in ms since the epoch or as a Date (default: the clock). A store keeps its own clock: give it the same. */
  now?: number | Date;
}

/**
 * Verifies a delivery without a replay store: headers well-formed, one signature matching one secret over the
 * raw body, timestamp within the tolerance. Untrusted input gets a result; misuse throws `TypeError`.
 */
export function verifySync(options: VerifyOptions): VerifyResult {
  const settings = resolveSettings(options, 'verifySync()');
  if (settings.store !== undefined) {
    throw new TypeError('@scanrelay/hmac-webhooks: verifySync() cannot consult a store; use verify()');
  }
  const keys = hmacKeysFor(settings.scheme, options.secret);
  const checked = checkDelivery(settings, keys, options.body, options.headers, nowOf(options.now));
  return 'result' in checked ? checked.result : checked;
}

/** Verifies a delivery like `verifySync`, then refuses it as `replayed` if the store has seen its id. */
export function verify(options: VerifyOptions): Promise<VerifyResult> {
  try {
    const settings = resolveSettings(options, 'verify()');
    const keys = hmacKeysFor(settings.scheme, options.secret);
    const checked = checkDelivery(settings, keys, options.body, options.headers, nowOf(options.now));
    return recordDelivery(checked, settings.store);
  } catch (error) {
    // Misuse rejects (as from an async function) rather than throwing synchronously.
    return Promise.reject(error);
  }
}
