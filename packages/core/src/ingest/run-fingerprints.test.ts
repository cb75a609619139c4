import { describe, expect, it } from 'vitest';
import { createRunFingerprints } from './run-fingerprints.js';

const fp = (head: string) => head.padEnd(64, '0');

describe('createRunFingerprints', () => {
  it('in a project that was empty, looks up only what this run inserted (by prefix)', () => {
    const run = createRunFingerprints(true);
    expect(run.toLookUp([fp('aaaa'), fp('bbbb')])).toEqual([]);
    run.inserted(fp('aaaa'));
    // Same 28-bit prefix, another fingerprint: looked up too (the store tells them apart).
    const sharesPrefix = `${fp('aaaa').slice(0, 63)}1`;
    expect(run.toLookUp([fp('aaaa'), fp('bbbb'), sharesPrefix])).toEqual([fp('aaaa'), sharesPrefix]);
  });

  it('in a project with findings, looks up every fingerprint', () => {
    const run = createRunFingerprints(false);
    run.inserted(fp('aaaa'));
    expect(run.toLookUp([fp('aaaa'), fp('bbbb')])).toEqual([fp('aaaa'), fp('bbbb')]);
  });
});
