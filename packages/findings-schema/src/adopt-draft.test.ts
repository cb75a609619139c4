import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adoptDraft } from './adopt-draft.js';
import { createFinding } from './create-finding.js';
import { type FindingDraft, findingDraftSchema } from './finding.js';

/** A value right for a field (the arbitraries below make valid values), and now and then one of the ways it can be wrong. */
const maybe = <T>(good: fc.Arbitrary<T>) =>
  fc.oneof(
    { weight: 30, arbitrary: good },
    { weight: 1, arbitrary: fc.constantFrom<unknown>(undefined, null, '', 0, -1, 1.5, [], {}, 'x', 11) },
  );
const text = fc.string({ minLength: 1, maxLength: 5 });
const count = maybe(fc.integer({ min: 0, max: 70000 }));
const location = fc.oneof(
  fc.record(
    {
      kind: fc.constant('source'),
      file: maybe(text),
      startLine: count,
      endLine: count,
      snippet: maybe(text),
    },
    { requiredKeys: ['kind', 'file'] },
  ),
  fc.record(
    { kind: fc.constant('package'), name: maybe(text), version: maybe(text) },
    { requiredKeys: ['kind', 'name'] },
  ),
  fc.record(
    { kind: fc.constant('url'), url: maybe(text), method: maybe(text) },
    { requiredKeys: ['kind', 'url'] },
  ),
  fc.record(
    { kind: fc.constant('host'), host: maybe(text), port: count },
    { requiredKeys: ['kind', 'host'] },
  ),
);
/** Drafts in every order a parser could build them: keys present or not, right or wrong. */
const draftArb = fc.record(
  {
    tool: maybe(
      fc.record(
        { id: maybe(text), name: maybe(text), version: maybe(text) },
        { requiredKeys: ['id', 'name'] },
      ),
    ),
    ruleId: maybe(text),
    name: maybe(text),
    description: maybe(text),
    severity: maybe(fc.constantFrom('critical', 'high', 'low')),
    category: maybe(text),
    confidence: maybe(fc.constantFrom('high', 'low')),
    location: maybe(location),
    cwe: maybe(fc.array(maybe(fc.constantFrom('CWE-79', 'CWE-798')), { maxLength: 2 })),
    cve: maybe(fc.array(maybe(text), { maxLength: 2 })),
    cvss: maybe(
      fc.record({ vector: maybe(text), score: maybe(fc.double({ min: 0, max: 10, noNaN: true })) }),
    ),
    references: maybe(fc.array(maybe(text), { maxLength: 2 })),
    mitigation: maybe(text),
    identifiedAt: maybe(fc.constantFrom('2024-01-15T08:58:29.827Z', '2021-07-15T22:00:32+07:00')),
    occurrences: maybe(fc.integer({ min: 1, max: 5 })),
    stableId: maybe(text),
    secret: maybe(
      fc.record({
        redacted: maybe(fc.string()),
        sha256: maybe(fc.constantFrom('a'.repeat(64), '0'.repeat(64))),
      }),
    ),
    attributes: maybe(fc.dictionary(text, fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 })),
    unknownKey: text,
  },
  { requiredKeys: ['tool', 'ruleId', 'name', 'severity', 'category'] },
);

/** The key order of a value and of its objects: stored and printed findings depend on it. */
function keyOrder(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) return null;
  return Object.entries(v).map(([k, x]) => [k, keyOrder(x)]);
}
const withoutIds = ({ id: _id, fingerprint: _fp, ...rest }: Record<string, unknown>) => rest;
/** A fresh copy with the same key order (plain objects and arrays, as a parser builds them). */
const copy = <T>(v: T): T => structuredClone(v);

describe('adoptDraft', () => {
  it('adopts exactly what zod gives back (the draft becomes the finding, as createFinding makes it)', () => {
    let adopted = 0;
    fc.assert(
      fc.property(draftArb, (draft) => {
        const parsed = findingDraftSchema.safeParse(draft);
        if (!parsed.success) return;
        // zod's output is the shape a parser builds for adoption: every key in schema order, defaults present.
        const shaped = { ...parsed.data, id: '', fingerprint: '' } as FindingDraft;
        const before = keyOrder(shaped);
        const got = adoptDraft(shaped);
        expect(got).toBe(shaped);
        adopted++;
        const made = createFinding(draft as FindingDraft);
        expect(withoutIds(got!)).toStrictEqual(withoutIds(made));
        expect(got!.fingerprint).toBe(made.fingerprint);
        expect(got!.id).toMatch(/^[0-9a-f-]{36}$/);
        expect(keyOrder(got)).toEqual(keyOrder(made));
        expect(keyOrder(got)).toEqual(before);
      }),
      { numRuns: 3000 },
    );
    expect(adopted).toBeGreaterThan(100);
  });

  it('never adopts a draft zod refuses or one not already in its output shape, and leaves it as it was', () => {
    let refused = 0;
    fc.assert(
      fc.property(draftArb, (draft) => {
        const before = copy(draft);
        const got = adoptDraft(draft as FindingDraft);
        if (got === undefined) {
          refused++;
          expect(copy(draft)).toStrictEqual(before);
          return;
        }
        // Accepted as it was given: then zod accepts it and gives back the same value in the same order.
        const parsed = findingDraftSchema.parse(before);
        expect(withoutIds(got)).toStrictEqual(parsed);
        expect(keyOrder(withoutIds(got))).toEqual(keyOrder(parsed));
      }),
      { numRuns: 3000 },
    );
    expect(refused).toBeGreaterThan(1000);
  });

  it('refuses defaults left out, keys out of order, unknown keys and one placeholder without the other', () => {
    const base = () => ({
      tool: { id: 'trufflehog', name: 'TruffleHog' },
      ruleId: 'AWS',
      name: 'AWS secret',
      severity: 'high' as const,
      category: 'Secrets',
      location: { kind: 'source' as const, file: 'a.txt', startLine: 3 },
      cwe: ['CWE-798'],
      cve: [],
      references: [],
      occurrences: 1,
      secret: { redacted: 'AKIA****', sha256: 'a'.repeat(64) },
      attributes: { verified: false },
    });
    expect(adoptDraft(base())).toBeDefined();
    const { cve: _cve, ...noCve } = base();
    expect(adoptDraft(noCve)).toBeUndefined();
    const { tool, ...rest } = base();
    expect(adoptDraft({ ...rest, tool })).toBeUndefined();
    expect(adoptDraft({ ...base(), location: { file: 'a.txt', kind: 'source' } })).toBeUndefined();
    expect(adoptDraft({ ...base(), secret: { sha256: 'a'.repeat(64), redacted: 'x' } })).toBeUndefined();
    expect(adoptDraft({ ...base(), extra: 1 } as FindingDraft)).toBeUndefined();
    expect(adoptDraft({ ...base(), id: '' } as FindingDraft)).toBeUndefined();
    expect(adoptDraft({ ...base(), occurrences: 0 })).toBeUndefined();
  });
});
