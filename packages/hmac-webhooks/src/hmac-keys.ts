import { type PreparedKey, prepareKey } from './prepared-key.js';
import type { Scheme } from './scheme.js';
import { keysFor, type Secrets, secretList } from './secret.js';

/** How many string secrets keep their prepared key (per kind: UTF-8, or Standard Webhooks base64). */
export const MAX_CACHED_SECRETS = 256;
/** Longer string secrets are prepared on every call rather than held (bounds the cache at ~1 MB of text). */
const MAX_CACHED_SECRET_LENGTH = 4096;

/** Prepared keys of string secrets whose UTF-8 bytes are the key (scanrelay, GitHub, Stripe). */
const utf8Keys = new Map<string, readonly PreparedKey[]>();
/** Prepared keys of Standard Webhooks `whsec_<base64>` secrets (the key is the decoded bytes). */
const standardKeys = new Map<string, readonly PreparedKey[]>();

/** A key as `checkDelivery` takes it: prepared, or raw bytes (a `Uint8Array` secret, never cached). */
export type HmacKey = PreparedKey | Uint8Array;

/**
 * The HMAC keys for `secrets` under `scheme`, in order, with the `TypeError`s of `keysFor`, for the one-shot
 * `verify`/`verifySync`. A string secret is prepared (imported, its pads derived) once and kept in a bounded map,
 * first in first out: strings cannot change under us. Preparing on every call, as bare `createHmac` does with a
 * string key, cost a 2 KB delivery several points. A `Uint8Array` secret is used as it is and not cached: the
 * caller may rewrite its bytes.
 */
export function hmacKeysFor(scheme: Scheme, secrets: Secrets | undefined): readonly HmacKey[] {
  if (typeof secrets === 'string' && secrets.length > 0) return keysOfString(scheme, secrets);
  const list = secretList(secrets); // the TypeErrors of keysFor, naming `secret[i]`
  const out: HmacKey[] = new Array(list.length);
  for (let i = 0; i < list.length; i++) {
    const s = list[i]!;
    out[i] = typeof s === 'string' ? keysOfString(scheme, s)[0]! : s;
  }
  return out;
}

/** The one key of a non-empty string secret, from the cache or prepared (and kept, if short enough). */
function keysOfString(scheme: Scheme, secret: string): readonly PreparedKey[] {
  const cache = scheme === 'standard' ? standardKeys : utf8Keys;
  const cached = cache.get(secret);
  if (cached !== undefined) return cached;
  const keys = Object.freeze(keysFor(scheme, secret).map(prepareKey)); // may throw: nothing is kept then
  if (secret.length <= MAX_CACHED_SECRET_LENGTH) {
    if (cache.size >= MAX_CACHED_SECRETS) {
      for (const oldest of cache.keys()) {
        cache.delete(oldest);
        break;
      }
    }
    cache.set(secret, keys);
  }
  return keys;
}

/** How many string secrets are held (tests). */
export function cachedSecretCount(): number {
  return utf8Keys.size + standardKeys.size;
}
