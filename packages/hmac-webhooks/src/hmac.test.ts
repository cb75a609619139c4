import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromBase64Digest, fromHex64, safeEqual } from './hmac.js';

describe('digest decoding', () => {
  it('fromHex64 decodes any 32 bytes written in either case, from any offset', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.boolean(),
        fc.string({ maxLength: 12 }),
        (bytes, upper, lead) => {
          const hex = Buffer.from(bytes).toString('hex');
          const text = lead + (upper ? hex.toUpperCase() : hex);
          expect(fromHex64(text, lead.length)).toEqual(new Uint8Array(bytes));
        },
      ),
    );
  });

  it('fromHex64 refuses anything but exactly 64 hex digits', () => {
    const hex = 'ab'.repeat(32);
    fc.assert(
      fc.property(fc.nat(63), fc.string({ minLength: 1, maxLength: 1 }), (at, ch) => {
        fc.pre(!/[0-9a-fA-F]/.test(ch));
        expect(fromHex64(hex.slice(0, at) + ch + hex.slice(at + 1))).toBeUndefined();
      }),
    );
    expect(fromHex64(hex.slice(1))).toBeUndefined();
    expect(fromHex64(`${hex}0`)).toBeUndefined();
  });

  it('fromBase64Digest takes 44 characters (or 43 without padding)', () => {
    const b64 = Buffer.alloc(32, 7).toString('base64');
    expect(fromBase64Digest(b64)).toEqual(Buffer.alloc(32, 7));
    expect(fromBase64Digest(b64.slice(0, 43))).toEqual(Buffer.alloc(32, 7));
    expect(fromBase64Digest(`${b64.slice(0, 42)}*=`)).toBeUndefined();
  });

  it('safeEqual checks the length first', () => {
    expect(safeEqual(new Uint8Array(32), new Uint8Array(31))).toBe(false);
    expect(safeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2]))).toBe(true);
    expect(safeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 3]))).toBe(false);
  });
});
