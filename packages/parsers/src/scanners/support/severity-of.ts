import { normalizeSeverity, type Severity } from '@scanrelay/findings-schema';
import { describeValue } from '../../parse-error.js';
import type { ParseOptions } from '../../scanner-parser.js';

/** The severity used when a scanner gives a word nobody knows: visible, neither hidden nor alarming. */
const FALLBACK_SEVERITY: Severity = 'medium';

/**
 * Maps a scanner's severity word through `normalizeSeverity` and the scanner's own table; an unknown
 * word is reported through `onWarning` (with where it was) and becomes FALLBACK_SEVERITY.
 */
export function severityOf(
  raw: unknown,
  options: ParseOptions | undefined,
  where: string,
  table: Readonly<Record<string, Severity>> = {},
): Severity {
  const key = typeof raw === 'string' ? raw.trim().toUpperCase() : '';
  const mapped = table[key] ?? normalizeSeverity(raw);
  if (mapped) return mapped;
  options?.onWarning?.(`${where}: unknown severity (${describeValue(raw)}); using ${FALLBACK_SEVERITY}`);
  return FALLBACK_SEVERITY;
}
