import type { Severity } from '@scanrelay/findings-schema';
import { describe, expect, it } from 'vitest';
import { computeScore } from './compute-score.js';
import { countSeverities } from './count-severities.js';
import { decideVerdict } from './decide-verdict.js';

const many = (severity: Severity, n: number) => Array.from({ length: n }, () => ({ severity }));

describe('countSeverities', () => {
  it('counts every severity, zero when absent', () => {
    expect(countSeverities([...many('high', 2), ...many('low', 1), ...many('info', 3)])).toEqual({
      critical: 0,
      high: 2,
      medium: 0,
      low: 1,
      info: 3,
    });
  });
});

describe('decideVerdict', () => {
  const counts = countSeverities([...many('high', 1), ...many('medium', 4)]);

  it('fails on any critical by default and passes without one', () => {
    expect(decideVerdict(counts)).toBe('pass');
    expect(decideVerdict(countSeverities(many('critical', 1)))).toBe('fail');
  });

  it('fails at the configured severity or above', () => {
    expect(decideVerdict(counts, { failOn: 'high' })).toBe('fail');
    expect(decideVerdict(counts, { failOn: 'medium' })).toBe('fail');
    expect(decideVerdict(countSeverities(many('low', 9)), { failOn: 'medium' })).toBe('pass');
    expect(decideVerdict(countSeverities(many('critical', 1)), { failOn: 'low' })).toBe('fail');
  });

  it('refuses an unknown severity in the policy', () => {
    expect(() => decideVerdict(counts, { failOn: 'severe' as Severity })).toThrow();
  });
});

describe('computeScore (the README examples)', () => {
  it.each([
    ['no findings', [], 100],
    ['one critical', many('critical', 1), 60],
    ['one high and three medium', [...many('high', 1), ...many('medium', 3)], 70],
    ['a hundred lows (capped at 10)', many('low', 100), 90],
    ['twenty mediums and fifty lows (capped at 25 + 10)', [...many('medium', 20), ...many('low', 50)], 65],
    ['three criticals', many('critical', 3), 0],
    ['two highs and info only', [...many('high', 2), ...many('info', 40)], 70],
  ] as const)('%s → %i', (_name, findings, score) => {
    expect(computeScore(countSeverities(findings))).toBe(score);
  });

  it('never ranks minor findings below a single critical', () => {
    const minor = computeScore(countSeverities([...many('medium', 1000), ...many('low', 1000)]));
    expect(minor).toBeGreaterThan(computeScore(countSeverities(many('critical', 1))));
  });
});
