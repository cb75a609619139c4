import type { Finding } from '@scanrelay/findings-schema';
import type { ParseInput } from './io/parse-input.js';
import type { ScannerId } from './scanner-ids.js';

export interface ParseOptions {
  /** Called with a human-readable line for progress and for skipped, tolerated oddities. */
  onWarning?: (message: string) => void;
  /**
   * One finding per record of the report, with repeats not merged into `occurrences`: what
   * secureCodeBox's own parsers emit, so the secureCodeBox export (`--format scb`) has their count.
   */
  oneFindingPerRecord?: boolean;
}

/**
 * One scanner's parser. `detect` looks at the first 64 KiB of the report as text and answers a
 * confidence from 0 (not this format) to 100 (certainly this format). `parse` streams findings and
 * throws only ParseError for bad input.
 */
export interface ScannerParser<Id extends string = ScannerId> {
  readonly id: Id;
  /** Display name, e.g. "Trivy". */
  readonly name: string;
  /** Which report shapes it reads, for `--help` and the README. */
  readonly formats: string;
  detect(head: string): number;
  parse(input: ParseInput, options?: ParseOptions): AsyncIterable<Finding>;
}

/** Keeps the literal id in the parser's type, so the list in scanners/parsers.ts yields ScannerId. */
export function defineParser<const Id extends string>(parser: ScannerParser<Id>): ScannerParser<Id> {
  return parser;
}
