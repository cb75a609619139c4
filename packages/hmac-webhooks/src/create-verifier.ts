import {
  checkDelivery,
  nowOf,
  recordDelivery,
  resolveSettings,
  type VerifySettings,
} from './check-delivery.js';
import type { HeadersInput } from './headers-input.js';
import { prepareKey } from './prepared-key.js';
import { keysFor, type Secrets } from './secret.js';
import type { VerifyResult } from './verify-result.js';

export interface VerifierOptions extends VerifySettings {
  /** The secret, or several during a key rotation. */
  secret: Secrets;
}

export interface Verifier {
  /** As `verify()`, with this verifier's scheme, secrets, tolerance and store. */
  verify(
    body: Uint8Array | string,
    headers: HeadersInput,
    options?: { now?: number | Date },
  ): Promise<VerifyResult>;
  /** As `verifySync()` (the store, if any, is not consulted). */
  verifySync(
    body: Uint8Array | string,
    headers: HeadersInput,
    options?: { now?: number | Date },
  ): VerifyResult;
}

/**
 * A verifier for one endpoint: options are checked and the secrets prepared (imported, HMAC pads derived)
 * once, which saves the key set-up on every delivery (receivers with fixed secrets, the hono middleware).
 */
export function createVerifier(options: VerifierOptions): Verifier {
  const settings = resolveSettings(options, 'createVerifier()');
  const keys = keysFor(settings.scheme, options.secret).map(prepareKey);
  return {
    verifySync(body, headers, opts) {
      const checked = checkDelivery(settings, keys, body, headers, nowOf(opts?.now));
      return 'result' in checked ? checked.result : checked;
    },
    verify(body, headers, opts) {
      try {
        return recordDelivery(checkDelivery(settings, keys, body, headers, nowOf(opts?.now)), settings.store);
      } catch (error) {
        // Misuse rejects (as from an async function) rather than throwing synchronously.
        return Promise.reject(error);
      }
    },
  };
}
