import type { Severity } from '@scanrelay/findings-schema';

/** Semgrep's words (ERROR/WARNING/INFO, and since 1.72 CRITICAL/HIGH/MEDIUM/LOW) mapped to ours. */
export const SEMGREP_SEVERITY: Readonly<Record<string, Severity>> = {
  CRITICAL: 'critical',
  ERROR: 'high',
  HIGH: 'high',
  WARNING: 'medium',
  MEDIUM: 'medium',
  INFO: 'low',
  LOW: 'low',
  EXPERIMENT: 'info',
  INVENTORY: 'info',
};
