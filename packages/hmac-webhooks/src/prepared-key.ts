import crypto, { createSecretKey, type KeyObject } from 'node:crypto';
import { hmacSha256 } from './hmac.js';

/**
 * An HMAC-SHA256 key made ready once per secret: the imported `KeyObject`, and the RFC 2104 inner and outer
 * blocks (the key, hashed first when longer than a block, zero-padded to 64 bytes, XOR 0x36 / 0x5c).
 */
export interface PreparedKey {
  readonly key: KeyObject;
  readonly ipad: Uint8Array;
  readonly opad: Uint8Array;
}

const BLOCK = 64;
/** Bodies up to this size take the two-hash path; above it `createHmac`'s set-up is a small part of the cost. */
const SMALL_BODY = 16 * 1024;
/** Room for the signed prefix (UTF-8 takes at most 3 bytes per UTF-16 unit). */
const PREFIX_ROOM = 3 * 1024;

/** One-shot `crypto.hash` (Node >= 20.12); without it every HMAC goes through `createHmac`. */
const hash = typeof crypto.hash === 'function' ? crypto.hash : undefined;

export function prepareKey(secret: Uint8Array | string): PreparedKey {
  const key = typeof secret === 'string' ? createSecretKey(secret, 'utf8') : createSecretKey(secret);
  const raw = key.export();
  const block = new Uint8Array(BLOCK);
  block.set(raw.length > BLOCK ? crypto.createHash('sha256').update(raw).digest() : raw);
  const ipad = new Uint8Array(BLOCK);
  const opad = new Uint8Array(BLOCK);
  for (let i = 0; i < BLOCK; i++) {
    ipad[i] = block[i]! ^ 0x36;
    opad[i] = block[i]! ^ 0x5c;
  }
  raw.fill(0);
  block.fill(0);
  return { key, ipad, opad };
}

/** `ipad ‖ prefix ‖ body` for the inner hash, and `opad ‖ inner digest` for the outer one (off-heap, reused). */
let inner: Buffer | undefined;
const outer = Buffer.allocUnsafeSlow(BLOCK + 32);
const digest = Buffer.allocUnsafeSlow(32);

/**
 * HMAC-SHA256 of `prefix` (UTF-8) followed by `body`, the same bytes as `hmacSha256`. The answer is a view that
 * the next call overwrites: compare it before computing another. A small body is hashed as
 * `sha256(opad ‖ sha256(ipad ‖ prefix ‖ body))` by two one-shot hashes over scratch memory: no `Hmac` object, no
 * native handle and no digest buffer to collect per delivery, which is most of what a 2 KB verification costs
 * (the body is copied, ≤ 16 KiB). Digests travel as latin1 strings, which V8 allocates cheaply.
 */
export function hmacOf(k: PreparedKey, prefix: string, body: Uint8Array): Uint8Array {
  if (hash === undefined || body.length > SMALL_BODY || prefix.length > PREFIX_ROOM / 3) {
    return hmacSha256(k.key, prefix, body);
  }
  inner ??= Buffer.allocUnsafeSlow(BLOCK + PREFIX_ROOM + SMALL_BODY);
  inner.set(k.ipad, 0);
  const start = BLOCK + (prefix.length > 0 ? inner.write(prefix, BLOCK, 'utf8') : 0);
  inner.set(body, start);
  outer.set(k.opad, 0);
  outer.write(hash('sha256', inner.subarray(0, start + body.length), 'binary'), BLOCK, 'latin1');
  digest.write(hash('sha256', outer, 'binary'), 0, 'latin1');
  return digest;
}
