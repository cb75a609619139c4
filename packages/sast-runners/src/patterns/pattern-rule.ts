import type { Severity } from '@scanrelay/findings-schema';

/**
 * One rule of the built-in `patterns` provider. A line matches when any of `patterns` matches it,
 * every `alsoOnLine` matches it, and `alsoInFile` matches somewhere in its file. Every expression is
 * linear-time: no nested or adjacent overlapping quantifiers, gaps bounded (`{0,200}`).
 */
export interface PatternRule {
  id: string;
  name: string;
  description: string;
  mitigation: string;
  severity: Severity;
  category: 'SAST' | 'Secrets';
  cwe: string[];
  patterns: RegExp[];
  alsoOnLine?: RegExp[];
  alsoInFile?: RegExp;
  /** Capture group 1 of the matching pattern is a secret: kept only redacted and hashed. */
  secret?: boolean;
  /** A secret value that is a placeholder, not a secret. */
  isPlaceholder?: (value: string) => boolean;
  /** A line that must match and one that must not: both tested. */
  examples: { positive: string; negative: string };
}
