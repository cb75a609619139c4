import fc from 'fast-check';

/**
 * Finding drafts for the property tests that hold the hand-written draft checks (`adoptDraft`,
 * `adoptSourceSecretDraft`, `parseDraftFast`) to zod: keys present or not, in every order a parser could
 * build them, values right or wrong. A test helper: only tests import it.
 */
interface DraftArbitraryOptions {
  /** How many times likelier a field's right value is than one of the wrong values a field can get. */
  goodWeight: number;
  /**
   * Also values zod refuses inside otherwise right fields (`HIGH`, `cwe-79`, a score of 11, a date that is
   * not one) and nested keys it strips, for a check that must refuse or strip them as zod does.
   */
  wide: boolean;
}

const WRONG: unknown[] = [undefined, null, '', 0, -1, 1.5, [], {}, 'x', Number.NaN, 11];

export const draftText = fc.string({ minLength: 1, maxLength: 6 });

/** A draft arbitrary (see `DraftArbitraryOptions`). */
export function draftArbitrary({ goodWeight, wide }: DraftArbitraryOptions) {
  const maybe = <T>(good: fc.Arbitrary<T>) =>
    fc.oneof({ weight: goodWeight, arbitrary: good }, { weight: 1, arbitrary: fc.constantFrom(...WRONG) });
  /** One of `right`, and with `wide` also one of `wrong`. */
  const oneOf = <T>(right: T[], wrong: T[]) => fc.constantFrom(...(wide ? [...right, ...wrong] : right));
  const text = draftText;
  const count = maybe(fc.integer({ min: 0, max: 70000 }));
  const junk = wide ? { junk: text } : {};
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
      { kind: fc.constant('package'), name: maybe(text), version: maybe(text), purl: maybe(text), ...junk },
      { requiredKeys: ['kind', 'name'] },
    ),
    fc.record(
      { kind: fc.constant('url'), url: maybe(text), method: maybe(text) },
      { requiredKeys: ['kind'] },
    ),
    fc.record({ kind: fc.constant('host'), host: maybe(text), port: count }, { requiredKeys: ['kind'] }),
    ...(wide ? [fc.record({ kind: maybe(fc.constant('other')) })] : []),
  );
  return fc.record(
    {
      tool: maybe(
        fc.record(
          {
            id: maybe(text),
            name: maybe(text),
            version: fc.option(maybe(text), { nil: undefined }),
            ...junk,
          },
          { requiredKeys: ['id', 'name'] },
        ),
      ),
      ruleId: maybe(text),
      name: maybe(text),
      description: maybe(text),
      severity: maybe(oneOf(['critical', 'high', 'medium', 'low', 'info'], ['HIGH'])),
      category: maybe(text),
      confidence: maybe(oneOf(['high', 'medium', 'low'], ['certain'])),
      location: maybe(location),
      cwe: maybe(
        fc.array(maybe(oneOf(['CWE-79', 'CWE-1', 'CWE-798'], ['cwe-79', 'CWE-'])), { maxLength: 3 }),
      ),
      cve: maybe(fc.array(maybe(text), { maxLength: 3 })),
      cvss: maybe(
        fc.record(
          {
            version: maybe(text),
            vector: maybe(text),
            score: maybe(
              wide ? fc.double({ min: -1, max: 11 }) : fc.double({ min: 0, max: 10, noNaN: true }),
            ),
          },
          { requiredKeys: [] },
        ),
      ),
      references: maybe(fc.array(maybe(text), { maxLength: 3 })),
      mitigation: maybe(text),
      identifiedAt: maybe(
        oneOf(
          ['2024-01-15T08:58:29.827Z', '2021-07-15T22:00:32+07:00'],
          ['2024-02-30T00:00:00Z', 'yesterday'],
        ),
      ),
      occurrences: maybe(wide ? fc.integer({ min: -2, max: 5 }) : fc.integer({ min: 1, max: 5 })),
      stableId: maybe(text),
      secret: maybe(
        fc.record({
          redacted: maybe(fc.string({ maxLength: 6 })),
          sha256: maybe(oneOf(['a'.repeat(64), '0'.repeat(64)], ['A'.repeat(64), 'abc'])),
        }),
      ),
      attributes: maybe(fc.dictionary(text, fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 })),
      unknownKey: text,
    },
    { requiredKeys: ['tool', 'ruleId', 'name', 'severity', 'category'] },
  );
}

/** The key order of a value and of its objects (arrays as their entries): stored and printed findings depend on it. */
export function keyOrder(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) return null;
  return Object.entries(v).map(([k, x]) => [k, keyOrder(x)]);
}
