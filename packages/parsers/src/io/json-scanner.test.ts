import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../parse-error.js';
import { JsonScanner } from './json-scanner.js';

/** Parses `bytes` in chunks cut at `cuts` and returns the selected values and the skeleton. */
function scan(bytes: Uint8Array, select: string[], cuts: number[]) {
  const s = new JsonScanner({ scanner: 'prop', select });
  const values: unknown[] = [];
  let at = 0;
  for (const cut of [...cuts.sort((a, b) => a - b), bytes.length]) {
    for (const m of s.push(bytes.subarray(at, Math.max(at, cut)))) values.push(m.value);
    at = Math.max(at, cut);
  }
  for (const m of s.end()) values.push(m.value);
  return { values, skeleton: s.skeleton };
}

const cutsFor = (n: number) => fc.array(fc.integer({ min: 0, max: n }), { maxLength: 6 });
const docArb = fc.record({ items: fc.array(fc.jsonValue(), { maxLength: 8 }), rest: fc.jsonValue() });
const spaceArb = fc.constantFrom(undefined, 1, '\t', ' \r\n ');

describe('JsonScanner against JSON.parse (property)', () => {
  it('selects exactly what JSON.parse sees, whatever the chunking and formatting', () => {
    fc.assert(
      fc.property(docArb, spaceArb, fc.integer({ min: 0, max: 1 << 30 }), (doc, space, seed) => {
        const text = JSON.stringify({ head: doc.rest, items: doc.items, tail: doc.rest }, null, space);
        const bytes = Buffer.from(text);
        const expected = JSON.parse(text);
        const cuts = fc.sample(cutsFor(bytes.length), { seed, numRuns: 1 })[0]!;
        const r = scan(bytes, ['$.items[*]'], cuts);
        expect(r.values).toEqual(expected.items);
        expect(r.skeleton).toEqual({ ...expected, items: [] });
      }),
      { numRuns: 300 },
    );
  });

  it('reads any JSON document: selected elements of a top-level array, else the whole value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), spaceArb, (value, space) => {
        const text = JSON.stringify(value, null, space);
        const expected = JSON.parse(text);
        const r = scan(Buffer.from(text), ['$[*]', '$.*'], [Math.floor(text.length / 2)]);
        if (Array.isArray(expected)) expect(r.values).toEqual(expected);
        else if (expected !== null && typeof expected === 'object')
          expect(r.values).toEqual(Object.values(expected));
        else expect(r.skeleton).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('fails with a ParseError exactly when JSON.parse fails, after one byte is changed', () => {
    fc.assert(
      fc.property(docArb, fc.nat(), fc.constantFrom(...'{}[]",: 0a\\-e.\u00007'), (doc, where, ch) => {
        const text = JSON.stringify({ items: doc.items, rest: doc.rest });
        const i = where % text.length;
        const broken = text.slice(0, i) + ch + text.slice(i + 1);
        let valid = true;
        try {
          JSON.parse(broken);
        } catch {
          valid = false;
        }
        let error: unknown;
        try {
          scan(Buffer.from(broken), ['$.items[*]'], [i]);
        } catch (e) {
          error = e;
        }
        if (valid) expect(error).toBeUndefined();
        else expect(error).toBeInstanceOf(ParseError);
      }),
      { numRuns: 500 },
    );
  });
});

describe('JsonScanner skipped values', () => {
  /** Pushes `bytes` in pieces of `size` bytes. */
  function scanSkipping(bytes: Uint8Array, size: number, maxValueBytes: number) {
    const s = new JsonScanner({
      scanner: 'grype',
      select: ['$.items[*]'],
      skip: ['$.matches'],
      maxValueBytes,
    });
    const values: unknown[] = [];
    for (let at = 0; at < bytes.length; at += size)
      for (const m of s.push(bytes.subarray(at, at + size))) values.push(m.value);
    for (const m of s.end()) values.push(m.value);
    return { values, skeleton: s.skeleton };
  }
  // Strings with brackets, quotes and escapes, so the scan must track strings across pieces.
  const match = (i: number) => ({ id: `CVE-${i}`, s: `x"]}\\[{${'é'.repeat(i % 5)}`, n: [i, { d: null }] });
  const doc = (matches: unknown[]) =>
    Buffer.from(JSON.stringify({ head: 1, matches, descriptor: { name: 'grype' }, items: [7, 8] }));

  it('scans a skipped value far larger than maxValueBytes without holding it', () => {
    const bytes = doc(Array.from({ length: 3000 }, (_, i) => match(i)));
    expect(bytes.length).toBeGreaterThan(100 * 1024);
    for (const size of [1, 7, 100, 4096]) {
      const r = scanSkipping(bytes, size, 256);
      expect(r.values).toEqual([7, 8]);
      expect(r.skeleton).toEqual({ head: 1, descriptor: { name: 'grype' }, items: [] });
    }
  });

  it('matches JSON.parse for any skipped value and chunking (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 1, max: 64 }), (skipped, size) => {
        const r = scanSkipping(doc([skipped, skipped]), size, 32);
        expect(r.values).toEqual([7, 8]);
        expect(r.skeleton).toEqual({ head: 1, descriptor: { name: 'grype' }, items: [] });
      }),
      { numRuns: 300 },
    );
  });

  it('still reports a skipped value cut by the end of the input, at the end', () => {
    const bytes = doc(Array.from({ length: 500 }, (_, i) => match(i)));
    const cut = bytes.subarray(0, bytes.indexOf('CVE-400'));
    const err = (() => {
      try {
        scanSkipping(cut, 100, 256);
      } catch (e) {
        return e as ParseError;
      }
    })();
    expect(err).toBeInstanceOf(ParseError);
    expect(err?.where).toMatchObject({ path: '$.matches', offset: cut.length });
    expect(err?.message).toMatch(/the rest of the value/);
  });

  it('still refuses a selected or kept value larger than maxValueBytes', () => {
    const big = Buffer.from(JSON.stringify({ matches: [], descriptor: 'x'.repeat(2000), items: [1] }));
    expect(() => scanSkipping(big, 100, 256)).toThrow(/a value of at most 256 bytes/);
  });
});
