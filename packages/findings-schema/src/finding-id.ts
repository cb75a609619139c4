import { randomFillSync } from 'node:crypto';

/** Random bytes for 256 ids at a time (`randomUUID` also draws its entropy in batches). */
const POOL = Buffer.alloc(16 * 256);
let offset = POOL.length;
const CODES: number[] = new Array<number>(36).fill(0);
const HEX = Buffer.from('0123456789abcdef', 'latin1');

/**
 * A random (version 4) UUID, as `crypto.randomUUID` gives, but as one flat string: `randomUUID` joins
 * 20 pieces, and the string it returns is a tree of about 480 bytes until something flattens it. A
 * finding keeps its id, and merge windows hold thousands of findings, so the tree cost the garbage
 * collector more than the id itself (56 bytes flat). Built here, it costs no more than `randomUUID`.
 */
export function newFindingId(): string {
  if (offset === POOL.length) {
    randomFillSync(POOL);
    offset = 0;
  }
  let o = 0;
  for (let i = 0; i < 16; i++) {
    let b = POOL[offset + i]!;
    // The version (4) and variant (10xx) bits, as RFC 9562 sets them.
    if (i === 6) b = (b & 0x0f) | 0x40;
    else if (i === 8) b = (b & 0x3f) | 0x80;
    CODES[o++] = HEX[b >> 4]!;
    CODES[o++] = HEX[b & 15]!;
    if (i === 3 || i === 5 || i === 7 || i === 9) CODES[o++] = 0x2d;
  }
  offset += 16;
  // One flat string from the character codes (a Buffer's toString costs more for 36 bytes).
  return String.fromCharCode.apply(null, CODES);
}
