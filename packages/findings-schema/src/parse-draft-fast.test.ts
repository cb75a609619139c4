import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { draftArbitrary, keyOrder } from './draft-arbitraries.js';
import { findingDraftSchema } from './finding.js';
import { parseDraftFast } from './parse-draft-fast.js';

const draftArb = draftArbitrary({ goodWeight: 120, wide: true });

describe('parseDraftFast', () => {
  it('returns exactly what zod returns, or undefined; never accepts what zod refuses', () => {
    let fast = 0;
    fc.assert(
      fc.property(draftArb, (draft) => {
        const got = parseDraftFast(draft);
        if (got === undefined) return;
        fast++;
        const z = findingDraftSchema.safeParse(draft);
        expect(z.success).toBe(true);
        expect(got).toStrictEqual(z.data);
        expect(keyOrder(got)).toEqual(keyOrder(z.data));
      }),
      { numRuns: 5000 },
    );
    expect(fast).toBeGreaterThan(40);
  });

  it('takes the fast path for an ordinary parser draft and copies what zod copies', () => {
    const attributes = { target: 'img', commits: ['a'] };
    const cwe = ['CWE-79'];
    const draft = {
      tool: { id: 'trivy', name: 'Trivy' },
      ruleId: 'CVE-2020-1',
      name: 'CVE-2020-1 apt 1.0',
      description: undefined,
      severity: 'high' as const,
      category: 'SCA',
      location: { kind: 'package' as const, name: 'apt', version: '1.0', fixedVersion: undefined },
      cwe,
      cvss: { version: '3.1', score: 7.5 },
      identifiedAt: '2024-01-15T08:58:29.827Z',
      attributes,
    };
    const got = parseDraftFast(draft);
    expect(got).toStrictEqual(findingDraftSchema.parse(draft));
    expect(keyOrder(got)).toEqual(keyOrder(findingDraftSchema.parse(draft)));
    expect(got?.attributes).not.toBe(attributes);
    expect(got?.cwe).not.toBe(cwe);
  });
});
