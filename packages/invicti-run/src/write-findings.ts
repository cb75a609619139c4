import type { Writable } from 'node:stream';
import { type Finding, toSarifStream, toSecureCodeBoxFinding } from '@scanrelay/findings-schema';
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

/** A JSON array written one element at a time: each finding, or what `convert` makes of it. */
async function writeJsonArray(
  stream: Writable,
  findings: AsyncIterable<Finding>,
  convert: (f: Finding) => unknown = (f) => f,
): Promise<number> {
  let count = 0;
  await write(stream, '[');
  for await (const f of findings) {
    await write(stream, `${count === 0 ? '\n' : ',\n'}${JSON.stringify(convert(f))}`);
    count += 1;
  }
  await write(stream, count === 0 ? ']\n' : '\n]\n');
  return count;
}

/** A secureCodeBox findings array, streamed: every finding carries the same parse time. */
function writeSecureCodeBox(stream: Writable, findings: AsyncIterable<Finding>, opts: WriteFindingsOptions) {
  const scan = { name: opts.scanName, scanType: opts.scanner, parsedAt: new Date().toISOString() };
  return writeJsonArray(stream, findings, (f) => toSecureCodeBoxFinding(f, scan));
}

/**
 * A SARIF 2.1.0 log, streamed: results are written as the findings come, each run's rules after its
 * results (see `toSarifStream`), so memory holds the rule table, never the results.
 */
async function writeSarif(stream: Writable, findings: AsyncIterable<Finding>, opts: WriteFindingsOptions) {
  let count = 0;
  async function* counted() {
    for await (const f of findings) {
      count += 1;
      yield f;
    }
  }
  for await (const chunk of toSarifStream(counted(), {
    sourceRoot: opts.sourceRoot,
    onWarning: opts.onWarning,
  }))
    await write(stream, chunk);
  await write(stream, '\n');
  return count;
}

/**
 * Writes findings to a stream as a JSON array of canonical findings, a secureCodeBox findings array or a
 * SARIF 2.1.0 log, all three streamed, one finding at a time. Returns the number of findings. The stream
 * is left open.
 */
export function writeFindingsTo(
  stream: Writable,
  findings: AsyncIterable<Finding>,
  opts: WriteFindingsOptions,
): Promise<number> {
  if (opts.format === 'json') return writeJsonArray(stream, findings);
  return opts.format === 'scb'
    ? writeSecureCodeBox(stream, findings, opts)
    : writeSarif(stream, findings, opts);
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
