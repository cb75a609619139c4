import * as z from 'zod';

/** Five levels, most severe first. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export const severitySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof severitySchema>;

/** Numeric rank for comparisons: critical 4 … info 0. */
export const severityRank: Readonly<Record<Severity, number>> = {
  critical: 4,
  high: 3,
  medium: 2,
  low: 1,
  info: 0,
};

export function isAtLeast(severity: Severity, threshold: Severity): boolean {
  return severityRank[severity] >= severityRank[threshold];
}

export const severityCountsSchema = z.object({
  critical: z.number().int().nonnegative(),
  high: z.number().int().nonnegative(),
  medium: z.number().int().nonnegative(),
  low: z.number().int().nonnegative(),
  info: z.number().int().nonnegative(),
});
export type SeverityCounts = z.infer<typeof severityCountsSchema>;

export function emptyCounts(): SeverityCounts {
  return { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
}

/**
 * Maps the many severity words scanners use to ours. Returns undefined for a word it does not know,
 * so a parser can report it instead of guessing.
 */
export function normalizeSeverity(raw: unknown): Severity | undefined {
  if (typeof raw !== 'string') return undefined;
  switch (raw.trim().toLowerCase()) {
    case 'critical':
    case 'crit':
    case 'blocker':
      return 'critical';
    case 'high':
    case 'error':
    case 'major':
    case 'severe':
      return 'high';
    case 'medium':
    case 'moderate':
    case 'warning':
    case 'warn':
    case 'med':
      return 'medium';
    case 'low':
    case 'minor':
    case 'note':
      return 'low';
    case 'info':
    case 'information':
    case 'informational':
    case 'informative':
    case 'bestpractice':
    case 'best_practice':
    case 'none':
    case 'unknown':
    case 'negligible':
      return 'info';
    default:
      return undefined;
  }
}

/** CVSS base score to severity, using the CVSS v3 qualitative ranges. */
export function severityFromCvssScore(score: number): Severity {
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  if (score > 0) return 'low';
  return 'info';
}
