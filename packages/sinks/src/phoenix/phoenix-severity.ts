import type { Severity } from '@scanrelay/findings-schema';

/**
 * Our severity on Phoenix's 1–10 scale, as the string the import API documents (`"1.0"`–`"10.0"`).
 * The values are those Phoenix's own import scripts use for scanner labels.
 */
export const PHOENIX_SEVERITY: Readonly<Record<Severity, string>> = {
  critical: '10.0',
  high: '8.0',
  medium: '5.0',
  low: '2.0',
  info: '1.0',
};
