import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adoptDraft, adoptSourceSecretDraft, type SourceSecretDraft } from './adopt-draft.js';
import { createFinding } from './create-finding.js';
import { draftArbitrary, draftText, keyOrder } from './draft-arbitraries.js';
import { type FindingDraft, findingDraftSchema } from './finding.js';

const draftArb = draftArbitrary({ goodWeight: 30, wide: false });

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

/** A value of a `SourceSecretDraft` field: mostly right, now and then one `adoptDraft` refuses. */
const orWrong = <T>(good: fc.Arbitrary<T>, ...wrong: unknown[]) =>
  fc.oneof({ weight: 12, arbitrary: good }, { weight: 1, arbitrary: fc.constantFrom(...wrong) });
const sourceSecretParts = fc.record({
  toolId: orWrong(draftText, ''),
  ruleId: orWrong(draftText, ''),
  name: orWrong(draftText, ''),
  description: fc.option(draftText, { nil: undefined }),
  severity: orWrong(fc.constantFrom('critical', 'high'), 'HIGH'),
  file: orWrong(draftText, ''),
  startLine: orWrong(fc.option(fc.integer({ min: 1, max: 70000 }), { nil: undefined }), 2 ** 60, -1, 1.5),
  cwe: orWrong(fc.constant('CWE-798'), 'cwe-798', ''),
  occurrences: orWrong(fc.integer({ min: 1, max: 5 }), 0, 1.5),
  secret: orWrong(
    fc.option(
      fc.record(
        { redacted: fc.string({ maxLength: 6 }), sha256: fc.constant('ab'.repeat(32)) },
        { noNullPrototype: true },
      ),
      { nil: undefined },
    ),
    { redacted: 'x', sha256: 'AB'.repeat(32) },
    { redacted: 3, sha256: 'ab'.repeat(32) },
  ),
  attributes: orWrong(
    fc.dictionary(draftText, fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3, noNullPrototype: true }),
    JSON.parse('{"__proto__":1}'),
    Object.create(null),
  ),
});
/** The draft a secret scanner's parser builds: one literal, in the order of `SourceSecretDraft` (the secret's too). */
const sourceSecretDraft = (p: typeof sourceSecretParts extends fc.Arbitrary<infer T> ? T : never) =>
  ({
    tool: { id: p.toolId, name: 'TruffleHog' },
    ruleId: p.ruleId,
    name: p.name,
    description: p.description,
    severity: p.severity,
    category: 'Secrets',
    location: { kind: 'source', file: p.file, startLine: p.startLine },
    cwe: [p.cwe],
    cve: [],
    references: [],
    mitigation: 'Rotate it.',
    occurrences: p.occurrences,
    secret: p.secret,
    attributes: p.attributes,
    id: '',
    fingerprint: '',
  }) as SourceSecretDraft;

describe('adoptSourceSecretDraft', () => {
  it('adopts what adoptDraft adopts, as it does, and leaves the rest as it was', () => {
    let adopted = 0;
    let refused = 0;
    fc.assert(
      fc.property(sourceSecretParts, (parts) => {
        const draft = sourceSecretDraft(parts);
        const before = copy(draft);
        const expected = adoptDraft(sourceSecretDraft(parts) as FindingDraft);
        const got = adoptSourceSecretDraft(draft);
        if (expected === undefined) {
          refused++;
          expect(got).toBeUndefined();
          expect(copy(draft)).toStrictEqual(before);
          return;
        }
        adopted++;
        expect(got).toBe(draft);
        expect(withoutIds(got!)).toStrictEqual(withoutIds(expected));
        expect(got!.fingerprint).toBe(expected.fingerprint);
        expect(got!.id).toMatch(/^[0-9a-f-]{36}$/);
        expect(keyOrder(got)).toEqual(keyOrder(expected));
      }),
      { numRuns: 3000 },
    );
    expect(adopted).toBeGreaterThan(500);
    expect(refused).toBeGreaterThan(500);
  });
});
