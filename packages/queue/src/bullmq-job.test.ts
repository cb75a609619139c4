import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeJobId, encodeJobId, toBullPriority } from './bullmq-job.js';
import { PRIORITY_MAX, PRIORITY_MIN } from './options.js';

describe('BullMQ job ids', () => {
  it('escapes what BullMQ refuses (":" and integer ids) and reads them back', () => {
    expect(encodeJobId('invicti:scan:42')).toBe('invicti%3Ascan%3A42');
    expect(encodeJobId('42')).toBe('%2342');
    expect(encodeJobId('100%')).toBe('100%25');
    expect(encodeJobId('007')).toBe('007');
    expect(decodeJobId('%2342')).toBe('42');
  });

  it('round-trips any id, and never yields one BullMQ would refuse', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (id) => {
        const encoded = encodeJobId(id);
        expect(decodeJobId(encoded)).toBe(id);
        expect(encoded.includes(':')).toBe(false);
        expect(`${Number.parseInt(encoded, 10)}`).not.toBe(encoded);
      }),
    );
  });
});

describe('toBullPriority', () => {
  it('maps our range onto BullMQ 1..2^21 in the same order', () => {
    expect(toBullPriority(PRIORITY_MIN)).toBe(1);
    expect(toBullPriority(0)).toBe(2 ** 20);
    expect(toBullPriority(PRIORITY_MAX)).toBe(2 ** 21);
  });
});
