import type { Writable } from 'node:stream';
import { type Finding, toSarif, toSecureCodeBox } from '@scanrelay/findings-schema';
import type { FindingsFormat } from './findings-format.js';
import { openAtomicFile } from './open-atomic-file.js';

export interface WriteFindingsOptions {
  format: FindingsFormat;
  /** The parser id: the secureCodeBox `scan_type`. */
  scanner: string;
  /** The secureCodeBox scan name (the report's file name). */
  scanName: string;
  /** Root stripped from absolute source paths in SARIF (the working directory). */
  sourceRoot?: string;
  onWarning?: (message: string) => void;
}

/** Writes a chunk and waits when the stream asks for it (backpressure). */
function write(stream: Writable, chunk: string): Promise<void> | void {
  if (!stream.write(chunk)) return new Promise((resolve) => stream.once('drain', () => resolve()));
}

async function writeJsonArray(stream: Writable, findings: AsyncIterable<Finding>): Promise<number> {
  let count = 0;
  await write(stream, '[');
  for await (const f of findings) {
    await write(stream, `${count === 0 ? '\n' : ',\n'}${JSON.stringify(f)}`);
    count += 1;
  }
  await write(stream, count === 0 ? ']\n' : '\n]\n');
  return count;
}

/** secureCodeBox and SARIF documents are built whole, once the last finding has arrived. */
async function writeConverted(
  stream: Writable,
  findings: AsyncIterable<Finding>,
  opts: WriteFindingsOptions,
) {
  const all: Finding[] = [];
  for await (const f of findings) all.push(f);
  const doc =
    opts.format === 'scb'
      ? toSecureCodeBox(all, { name: opts.scanName, scanType: opts.scanner })
      : toSarif(all, { sourceRoot: opts.sourceRoot, onWarning: opts.onWarning });
  await write(stream, `${JSON.stringify(doc, null, 2)}\n`);
  return all.length;
}

/**
 * Writes findings to a stream as a JSON array of canonical findings (streamed, one finding at a time),
 * a secureCodeBox findings array, or a SARIF 2.1.0 log. Returns the number of findings. The stream is
 * left open.
 */
export function writeFindingsTo(
  stream: Writable,
  findings: AsyncIterable<Finding>,
  opts: WriteFindingsOptions,
): Promise<number> {
  return opts.format === 'json' ? writeJsonArray(stream, findings) : writeConverted(stream, findings, opts);
}

/**
 * writeFindingsTo a file written under a temporary name and renamed when complete, so a report that
 * fails part-way leaves no file (and an older one intact).
 */
export async function writeFindingsFile(
  file: string,
  findings: AsyncIterable<Finding>,
  opts: WriteFindingsOptions,
): Promise<number> {
  const out = await openAtomicFile(file);
  try {
    const count = await writeFindingsTo(out.stream, findings, opts);
    await out.commit();
    return count;
  } catch (err) {
    await out.abort();
    throw err;
  }
}
