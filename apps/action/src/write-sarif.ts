import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Finding, toSarifStream } from '@scanrelay/findings-schema';
import { openAtomicFile } from '@scanrelay/invicti-run';

export interface WriteSarifOptions {
  /** GitHub's analysis category (`automationDetails.id`). */
  category?: string;
  /** Stripped from absolute source paths, so GitHub finds the files (the workspace). */
  sourceRoot?: string;
  onWarning?: (message: string) => void;
}

/**
 * A SARIF 2.1.0 log for github/codeql-action/upload-sarif, streamed with toSarifStream into a file
 * that appears only when complete. Returns the number of results.
 */
export async function writeSarif(
  file: string,
  findings: AsyncIterable<Finding> | Iterable<Finding>,
  opts: WriteSarifOptions = {},
): Promise<number> {
  const out = await openAtomicFile(file);
  let count = 0;
  async function* counted() {
    for await (const f of findings) {
      count += 1;
      yield f;
    }
  }
  try {
    const text = toSarifStream(counted(), {
      ...(opts.category ? { category: opts.category } : {}),
      ...(opts.sourceRoot ? { sourceRoot: opts.sourceRoot } : {}),
      ...(opts.onWarning ? { onWarning: opts.onWarning } : {}),
    });
    await pipeline(Readable.from(text, { objectMode: false }), out.stream, { end: false });
    await out.commit();
    return count;
  } catch (err) {
    await out.abort();
    throw err;
  }
}
