import type { Finding } from '@scanrelay/findings-schema';
import type { ParseInput } from './io/parse-input.js';

export const SCANNER_IDS = [
  'trivy',
  'grype',
  'semgrep',
  'njsscan',
  'trufflehog',
  'trufflehog3',
  'gitleaks',
  'sarif',
  'invicti',
  'zap',
  'nuclei',
  'npm-audit',
  'snyk',
  'osv-scanner',
  'securecodebox',
] as const;
export type ScannerId = (typeof SCANNER_IDS)[number];

export interface ParseOptions {
  /** Called with a human-readable line for progress and for skipped, tolerated oddities. */
  onWarning?: (message: string) => void;
}

/**
 * One scanner's parser. `detect` looks at the first 64 KiB of the report as text and answers a
 * confidence from 0 (not this format) to 100 (certainly this format). `parse` streams findings and
 * throws only ParseError for bad input.
 */
export interface ScannerParser {
  readonly id: ScannerId;
  /** Display name, e.g. "Trivy". */
  readonly name: string;
  /** Which report shapes it reads, for `--help` and the README. */
  readonly formats: string;
  detect(head: string): number;
  parse(input: ParseInput, options?: ParseOptions): AsyncIterable<Finding>;
}

export function defineParser(parser: ScannerParser): ScannerParser {
  return parser;
}
