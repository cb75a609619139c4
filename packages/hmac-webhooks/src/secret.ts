import { randomBytes } from 'node:crypto';
import type { Scheme } from './scheme.js';

/**
 * A shared secret. A string is used as its UTF-8 bytes (scanrelay, GitHub, Stripe: Stripe keys with the
 * whole `whsec_…` string) except for Standard Webhooks, whose `whsec_<base64>` secret is base64-decoded after
 * the prefix. A `Uint8Array` is always the raw key.
 */
export type Secret = string | Uint8Array;

/** One secret, or several during a key rotation. */
export type Secrets = Secret | readonly Secret[];

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** The non-empty list of secrets, or a `TypeError` that names the option. */
export function secretList(secrets: Secrets | undefined, option = 'secret'): readonly Secret[] {
  const list =
    secrets === undefined
      ? []
      : typeof secrets === 'string' || secrets instanceof Uint8Array
        ? [secrets]
        : secrets;
  if (!Array.isArray(list) || list.length === 0) {
    throw new TypeError(
      `@scanrelay/hmac-webhooks: expected ${option} to be a secret or a non-empty list of secrets, got none`,
    );
  }
  for (const [i, s] of list.entries()) {
    if (!(typeof s === 'string' || s instanceof Uint8Array) || s.length === 0) {
      throw new TypeError(
        `@scanrelay/hmac-webhooks: expected ${option}[${i}] to be a non-empty string or Uint8Array`,
      );
    }
  }
  return list;
}

/**
 * The HMAC key for a secret under a scheme: the bytes, or the string itself where its UTF-8 bytes are the key
 * (`createHmac` encodes it; no copy). A `TypeError` for a Standard Webhooks secret that is not base64.
 */
function keyFor(scheme: Scheme, secret: Secret): Uint8Array | string {
  if (secret instanceof Uint8Array || scheme !== 'standard') return secret;
  const b64 = secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret;
  if (!BASE64.test(b64) || b64.length % 4 === 1) {
    throw new TypeError(
      '@scanrelay/hmac-webhooks: expected a Standard Webhooks secret `whsec_<base64>`, got a value that is not base64',
    );
  }
  return Buffer.from(b64, 'base64');
}

/** The HMAC keys for every secret, in order. */
export function keysFor(scheme: Scheme, secrets: Secrets | undefined): (Uint8Array | string)[] {
  if (typeof secrets === 'string' && secrets.length > 0 && scheme !== 'standard') return [secrets];
  return secretList(secrets).map((s) => keyFor(scheme, s));
}

/** A fresh random secret: `whsec_` + base64 of `bytes` random bytes (24 to 64; default 32), usable by every scheme. */
export function generateSecret(bytes = 32): string {
  if (!Number.isInteger(bytes) || bytes < 24 || bytes > 64) {
    throw new TypeError(
      `@scanrelay/hmac-webhooks: expected a secret length from 24 to 64 bytes, got ${bytes}`,
    );
  }
  return `whsec_${randomBytes(bytes).toString('base64')}`;
}
