import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TriagedFinding } from '@scanrelay/findings-schema';
import { toGenericFinding } from './generic-finding.js';

export interface GenericReport {
  path: string;
  bytes: number;
  count: number;
  /** Removes the file and its folder. */
  remove(): Promise<void>;
}

/**
 * Streams the findings into a Generic Findings Import file `{"findings":[…]}` in a private temporary
 * folder, one finding in memory at a time, so that it can be uploaded without holding the report.
 */
export async function writeGenericReport(findings: AsyncIterable<TriagedFinding>): Promise<GenericReport> {
  const dir = await mkdtemp(join(tmpdir(), 'scanrelay-dojo-'));
  const path = join(dir, 'scanrelay-findings.json');
  const remove = () => rm(dir, { recursive: true, force: true });
  const out = createWriteStream(path, { mode: 0o600 });
  let bytes = 0;
  let count = 0;
  const write = async (text: string) => {
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };
  try {
    await write('{"findings":[');
    for await (const f of findings) {
      await write(`${count > 0 ? ',' : ''}${JSON.stringify(toGenericFinding(f))}`);
      count += 1;
    }
    await write(']}');
    out.end();
    await once(out, 'finish');
  } catch (error) {
    out.destroy();
    await remove();
    throw error;
  }
  return { path, bytes, count, remove };
}
