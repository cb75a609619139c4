import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findingDraftSchema } from './finding.js';
import { parseDraftFast } from './parse-draft-fast.js';

/** A value that is sometimes right for a field and sometimes one of the ways it can be wrong. */
const maybe = <T>(good: fc.Arbitrary<T>) =>
  fc.oneof(
    { weight: 120, arbitrary: good },
    {
      weight: 1,
      arbitrary: fc.constantFrom<unknown>(undefined, null, '', 0, -1, 1.5, [], {}, 'x', Number.NaN, 11),
    },
  );
const text = fc.string({ minLength: 1, maxLength: 6 });
const optional = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const count = maybe(fc.integer({ min: 0, max: 70000 }));
const location = fc.oneof(
  fc.record(
    {
      kind: fc.constant('source'),
      file: maybe(text),
      startLine: count,
      endLine: count,
      column: count,
      snippet: maybe(text),
    },
    { requiredKeys: ['kind', 'file'] },
  ),
  fc.record(
    { kind: fc.constant('package'), name: maybe(text), version: maybe(text), purl: maybe(text), extra: text },
    { requiredKeys: ['kind', 'name'] },
  ),
  fc.record({ kind: fc.constant('url'), url: maybe(text), method: maybe(text) }),
  fc.record({ kind: fc.constant('host'), host: maybe(text), port: count }),
  fc.record({ kind: maybe(fc.constant('other')) }),
);
const draftArb = fc.record(
  {
    tool: maybe(
      fc.record(
        { id: maybe(text), name: maybe(text), version: optional(maybe(text)), junk: text },
        { requiredKeys: ['id', 'name'] },
      ),
    ),
    ruleId: maybe(text),
    name: maybe(text),
    description: maybe(text),
    severity: maybe(fc.constantFrom('critical', 'high', 'medium', 'low', 'info', 'HIGH')),
    category: maybe(text),
    confidence: maybe(fc.constantFrom('high', 'medium', 'low', 'certain')),
    location: maybe(location),
    cwe: maybe(fc.array(maybe(fc.constantFrom('CWE-79', 'CWE-1', 'cwe-79', 'CWE-')), { maxLength: 3 })),
    cve: maybe(fc.array(maybe(text), { maxLength: 3 })),
    cvss: maybe(
      fc.record(
        { version: maybe(text), vector: maybe(text), score: maybe(fc.double({ min: -1, max: 11 })) },
        { requiredKeys: [] },
      ),
    ),
    references: maybe(fc.array(maybe(text), { maxLength: 3 })),
    mitigation: maybe(text),
    identifiedAt: maybe(
      fc.constantFrom(
        '2024-01-15T08:58:29.827Z',
        '2024-02-30T00:00:00Z',
        '2021-07-15T22:00:32+07:00',
        'yesterday',
      ),
    ),
    occurrences: maybe(fc.integer({ min: -2, max: 5 })),
    stableId: maybe(text),
    secret: maybe(
      fc.record({
        redacted: maybe(text),
        sha256: maybe(fc.constantFrom('a'.repeat(64), 'A'.repeat(64), 'abc')),
      }),
    ),
    attributes: maybe(fc.dictionary(text, fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 })),
    unknownKey: text,
  },
  { requiredKeys: ['tool', 'ruleId', 'name', 'severity', 'category'] },
);

/** The key order of a draft and of its objects: JSON output (stored findings) depends on it. */
function keyOrder(v: unknown): unknown {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
  return Object.entries(v).map(([k, x]) => [k, keyOrder(x)]);
}

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
