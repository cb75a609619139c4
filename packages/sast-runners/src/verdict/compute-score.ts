import type { Severity } from '@scanrelay/findings-schema';
import type { SeverityCounts } from '../types.js';

/** Points off per finding, and the most a severity can take off in total (see the README). */
export const SCORE_WEIGHTS: Readonly<Record<Severity, { each: number; cap: number }>> = {
  critical: { each: 40, cap: 100 },
  high: { each: 15, cap: 100 },
  medium: { each: 5, cap: 25 },
  low: { each: 1, cap: 10 },
  info: { each: 0, cap: 0 },
};

/**
 * 0–100, higher is better: 100 minus, per severity, `each` points per finding up to that
 * severity's `cap`, never below 0. Lows alone never go below 90 and mediums and lows alone never
 * below 65, so no pile of minor findings ranks below a single critical (60).
 */
export function computeScore(counts: SeverityCounts): number {
  let penalty = 0;
  for (const [severity, { each, cap }] of Object.entries(SCORE_WEIGHTS)) {
    penalty += Math.min(cap, each * (counts[severity as Severity] ?? 0));
  }
  return Math.max(0, 100 - penalty);
}
