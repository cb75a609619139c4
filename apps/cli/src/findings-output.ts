import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Finding } from '@scanrelay/findings-schema';
import { FINDINGS_FORMATS, type FindingsFormat, writeFindingsFile } from '@scanrelay/invicti-run';

export const OUTPUT_FORMATS = FINDINGS_FORMATS;
export type OutputFormat = FindingsFormat;

export interface WriteFindingsOptions {
  format: OutputFormat;
  /** A file path; standard output when absent or `-`. */
  output?: string;
  /** The parser id: the secureCodeBox `scan_type`. */
  scanner: string;
  /** The secureCodeBox scan name (the report's file name). */
  scanName: string;
  /** Root stripped from absolute source paths in SARIF (the working directory). */
  sourceRoot?: string;
  onWarning?: (message: string) => void;
}

/**
 * Writes findings as a JSON array of canonical findings, a secureCodeBox findings array or a SARIF 2.1.0
 * log with the writers of @scanrelay/invicti-run (the same that write an Invicti run's findings.json); all
 * three streamed, one finding at a time, so memory stays flat in the report size. A
 * file is written under a temporary name and renamed when complete, so a report that fails part-way
 * leaves no file (and an older one intact).
 * Standard output gets the same guarantee: the result is written to a temporary file first and
 * copied out only when complete, so a parse error leaves stdout empty (and memory stays flat).
 * Returns the number of findings.
 */
export async function writeFindings(
  findings: AsyncIterable<Finding>,
  opts: WriteFindingsOptions,
): Promise<number> {
  const { output, ...rest } = opts;
  if (output && output !== '-') return writeFindingsFile(output, findings, rest);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'scanrelay-out-'));
  try {
    const file = path.join(dir, 'findings');
    const count = await writeFindingsFile(file, findings, rest);
    await pipeline(createReadStream(file), process.stdout, { end: false });
    return count;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
