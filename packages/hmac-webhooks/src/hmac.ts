import { createHash, createHmac, type KeyObject, timingSafeEqual } from 'node:crypto';

/** HMAC-SHA256 of `prefix` (UTF-8) followed by the raw body, without copying the body. */
export function hmacSha256(key: Uint8Array | string | KeyObject, prefix: string, body: Uint8Array): Buffer {
  const mac = createHmac('sha256', key);
  if (prefix.length > 0) mac.update(prefix, 'utf8');
  return mac.update(body).digest();
}

/** Constant-time equality of two byte strings; different lengths are unequal (checked first). */
export function safeEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** `sha256:<hex>` of the given parts: the delivery id of schemes that sign no id. */
export function contentId(prefix: string, body: Uint8Array): string {
  const hash = createHash('sha256');
  if (prefix.length > 0) hash.update(prefix, 'utf8');
  return `sha256:${hash.update(body).digest('hex')}`;
}

const BASE64_32 = /^[A-Za-z0-9+/]{43}=?$/;

/** The value of each ASCII hex digit (either case) by character code; -1 for every other code below 128. */
const HEX_VALUES = new Int8Array(128).fill(-1);
for (let c = 0; c < 128; c++) {
  const digit = '0123456789abcdef'.indexOf(String.fromCharCode(c).toLowerCase());
  if (digit >= 0) HEX_VALUES[c] = digit;
}

/** Off-heap memory for decoded signatures, handed out 32 bytes at a time (as node's Buffer pool does). */
const SLAB_BYTES = 8192;
let slab = new ArrayBuffer(SLAB_BYTES);
let slabUsed = 0;

/**
 * 32 fresh bytes outside V8's heap. A `new Uint8Array(32)` is kept inside the heap, and `timingSafeEqual` must
 * then move it out before comparing, which costs more than decoding the whole signature.
 */
function offHeap32(): Uint8Array {
  if (slabUsed === SLAB_BYTES) {
    slab = new ArrayBuffer(SLAB_BYTES);
    slabUsed = 0;
  }
  const bytes = new Uint8Array(slab, slabUsed, 32);
  slabUsed += 32;
  return bytes;
}

/**
 * The 32 bytes of the SHA-256 hex digest that fills `text` from `start` to its end, or undefined when that is
 * not 64 hex digits. Decoded here, without slicing (this runs on every delivery), by table and without a branch
 * per digit: an invalid digit (or a code of 128 and up) makes `bad` negative or above 127, judged once at the end.
 */
export function fromHex64(text: string, start = 0): Uint8Array | undefined {
  if (text.length - start !== 64) return undefined;
  const bytes = offHeap32();
  let bad = 0;
  for (let i = 0, at = start; i < 32; i++, at += 2) {
    const a = text.charCodeAt(at);
    const b = text.charCodeAt(at + 1);
    const h = HEX_VALUES[a & 127]!;
    const l = HEX_VALUES[b & 127]!;
    bad |= a | b | h | l;
    bytes[i] = (h << 4) | l;
  }
  return (bad & ~127) === 0 ? bytes : undefined;
}

/** The 32 bytes of a SHA-256 base64 digest, or undefined when it is not 44 base64 characters. */
export function fromBase64Digest(text: string): Buffer | undefined {
  return BASE64_32.test(text) ? Buffer.from(text, 'base64') : undefined;
}

/** The body as bytes: strings are UTF-8 encoded. */
export function toBytes(body: Uint8Array | string): Uint8Array {
  if (body instanceof Uint8Array) return body;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  throw new TypeError(
    `@scanrelay/hmac-webhooks: expected the body as a Uint8Array or a string, got ${typeof body}`,
  );
}
