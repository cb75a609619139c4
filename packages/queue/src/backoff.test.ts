import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.js';

describe('backoffDelay', () => {
  const settings = { baseMs: 1000, maxMs: 10_000 };

  it('doubles per attempt up to the cap, scaled by the jitter draw', () => {
    const top = () => 0.999_999;
    expect([1, 2, 3, 4, 5, 6].map((a) => backoffDelay(a, settings, top))).toEqual([
      999, 1999, 3999, 7999, 9999, 9999,
    ]);
    expect(backoffDelay(3, settings, () => 0.5)).toBe(2000);
  });

  it('draws uniformly from zero (full jitter)', () => {
    expect(backoffDelay(4, settings, () => 0)).toBe(0);
    const draws = Array.from({ length: 500 }, () => backoffDelay(2, settings));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(2000);
    expect(new Set(draws).size).toBeGreaterThan(100);
  });
});
