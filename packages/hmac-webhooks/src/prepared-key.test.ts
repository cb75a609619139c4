import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hmacOf, prepareKey } from './prepared-key.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('hmacOf over a prepared key', () => {
  // RFC 4231 test cases 1, 2 and 6 (a key longer than the 64-byte block is hashed first).
  it.each([
    [Buffer.alloc(20, 0x0b), 'Hi There', 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7'],
    [
      'Jefe',
      'what do ya want for nothing?',
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    ],
    [
      Buffer.alloc(131, 0xaa),
      'Test Using Larger Than Block-Size Key - Hash Key First',
      '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
    ],
  ] as const)('reproduces RFC 4231 (key of %#)', (key, data, mac) => {
    const k = prepareKey(key);
    expect(hex(hmacOf(k, '', Buffer.from(data)))).toBe(mac);
    // The same bytes split between the prefix and the body.
    expect(hex(hmacOf(k, data.slice(0, 5), Buffer.from(data.slice(5))))).toBe(mac);
  });

  it('gives createHmac’s digest for any key, UTF-8 prefix and body, on both sides of the small-body limit', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ minLength: 1, maxLength: 200 }),
          fc.string({ minLength: 1, maxLength: 100 }),
        ),
        fc.string({ unit: 'binary', maxLength: 40 }),
        fc.oneof(
          fc.uint8Array({ maxLength: 300 }),
          fc.integer({ min: 16 * 1024 - 2, max: 16 * 1024 + 2 }).map((n) => new Uint8Array(n).fill(n & 255)),
        ),
        (key, prefix, body) => {
          const want = createHmac('sha256', key).update(prefix, 'utf8').update(body).digest('hex');
          expect(hex(hmacOf(prepareKey(key), prefix, body))).toBe(want);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('takes createHmac for a prefix too long for its scratch memory, with the same digest', () => {
    const prefix = `${'é'.repeat(2000)}.`; // 4001 UTF-8 bytes: more than the scratch room
    const body = Buffer.from('{"a":1}');
    const want = createHmac('sha256', 'k').update(prefix).update(body).digest('hex');
    expect(hex(hmacOf(prepareKey('k'), prefix, body))).toBe(want);
  });

  it('answers a view that the next call overwrites (callers compare before computing another)', () => {
    const k = prepareKey('secret');
    const first = hmacOf(k, 'a.', Buffer.from('x'));
    const firstHex = hex(first);
    hmacOf(k, 'b.', Buffer.from('y'));
    expect(hex(first)).not.toBe(firstHex);
  });
});
