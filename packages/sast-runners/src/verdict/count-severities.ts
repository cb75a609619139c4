import { type Finding, SEVERITIES } from '@scanrelay/findings-schema';
import type { SeverityCounts } from '../types.js';

/** Findings per severity, every severity present (0 when none). */
export function countSeverities(findings: readonly Pick<Finding, 'severity'>[]): SeverityCounts {
  const counts = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as SeverityCounts;
  for (const { severity } of findings) counts[severity] = (counts[severity] ?? 0) + 1;
  return counts;
}
