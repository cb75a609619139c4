import { describe, expect, it } from 'vitest';
import { computeScore, computeVerdict, countBySeverity } from './score.js';

describe('score and verdict', () => {
  it('weights 25 per critical, 10 per high, 3 per medium, 1 per low, and floors at 0', () => {
    expect(computeScore({ critical: 0, high: 2, medium: 1, low: 4, info: 9 })).toBe(100 - 20 - 3 - 4);
    expect(computeScore({ critical: 5, high: 0, medium: 0, low: 0, info: 0 })).toBe(0);
  });

  it('fails on any critical finding even with a high score, and below a score of 50', () => {
    expect(computeVerdict({ critical: 1, high: 0, medium: 0, low: 0, info: 0 })).toBe('fail');
    expect(computeVerdict({ critical: 0, high: 5, medium: 1, low: 0, info: 0 })).toBe('fail');
    expect(computeVerdict({ critical: 0, high: 4, medium: 3, low: 0, info: 0 })).toBe('pass');
  });

  it('counts findings per severity', () => {
    const counts = countBySeverity([{ severity: 'high' }, { severity: 'high' }, { severity: 'info' }]);
    expect(counts).toEqual({ critical: 0, high: 2, medium: 0, low: 0, info: 1 });
  });
});
