import type { Finding } from './finding.js';
import type { Verdict } from './scan.js';
import { emptyCounts, type SeverityCounts } from './severity.js';

/** Counts findings per severity, weighting each by its occurrences only when asked. */
export function countBySeverity(findings: Iterable<Pick<Finding, 'severity'>>): SeverityCounts {
  const counts = emptyCounts();
  for (const f of findings) counts[f.severity] += 1;
  return counts;
}

/**
 * The score of a scan: 100 minus 25 per critical, 10 per high, 3 per medium and 1 per low finding,
 * floored at 0. Informational findings do not count.
 */
export function computeScore(counts: SeverityCounts): number {
  return Math.max(0, 100 - (25 * counts.critical + 10 * counts.high + 3 * counts.medium + counts.low));
}

/** A scan fails when it has any critical finding or its score is below 50. */
export function computeVerdict(counts: SeverityCounts): Verdict {
  return counts.critical > 0 || computeScore(counts) < 50 ? 'fail' : 'pass';
}
