import { type Finding, toSarif, toSecureCodeBox } from '@scanrelay/findings-schema';
import { type AtomicOutput, openAtomicOutput } from './atomic-output.js';
import { write } from './io.js';

export const OUTPUT_FORMATS = ['json', 'scb', 'sarif'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

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
 * Writes findings as a JSON array of canonical findings (streamed, one finding at a time), a
 * secureCodeBox findings array, or a SARIF 2.1.0 log. A file is written under a temporary name and
 * renamed when complete, so a report that fails part-way leaves no file (and an older one intact).
 * Returns the number of findings.
 */
export async function writeFindings(
  findings: AsyncIterable<Finding>,
  opts: WriteFindingsOptions,
): Promise<number> {
  const out = await openAtomicOutput(opts.output);
  try {
    const count =
      opts.format === 'json'
        ? await writeJsonArray(out, findings)
        : await writeConverted(out, findings, opts);
    await out.commit();
    return count;
  } catch (err) {
    await out.abort();
    throw err;
  }
}

async function writeJsonArray(out: AtomicOutput, findings: AsyncIterable<Finding>): Promise<number> {
  let count = 0;
  await write(out.stream, '[');
  for await (const f of findings) {
    await write(out.stream, `${count === 0 ? '\n' : ',\n'}${JSON.stringify(f)}`);
    count += 1;
  }
  await write(out.stream, count === 0 ? ']\n' : '\n]\n');
  return count;
}

/** secureCodeBox and SARIF documents are built whole, once the last finding has arrived. */
async function writeConverted(
  out: AtomicOutput,
  findings: AsyncIterable<Finding>,
  opts: WriteFindingsOptions,
) {
  const all: Finding[] = [];
  for await (const f of findings) all.push(f);
  const doc =
    opts.format === 'scb'
      ? toSecureCodeBox(all, { name: opts.scanName, scanType: opts.scanner })
      : toSarif(all, { sourceRoot: opts.sourceRoot, onWarning: opts.onWarning });
  await write(out.stream, `${JSON.stringify(doc, null, 2)}\n`);
  return all.length;
}
