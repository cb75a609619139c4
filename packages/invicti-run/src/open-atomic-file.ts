import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Writable } from 'node:stream';

/** A file that appears only when complete. */
export interface AtomicFile {
  stream: Writable;
  /** Flushes and renames the temporary file over the target. */
  commit(): Promise<void>;
  /** Removes the temporary file: the target is left as it was. */
  abort(): Promise<void>;
}

/**
 * Opens `file` for writing through a temporary file in the same directory (so the final rename is
 * atomic on one file system).
 */
export async function openAtomicFile(file: string): Promise<AtomicFile> {
  const target = path.resolve(file);
  await mkdir(path.dirname(target), { recursive: true });
  const temp = path.join(
    path.dirname(target),
    `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  const stream = createWriteStream(temp, { flags: 'wx', mode: 0o644 });
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', reject);
  });
  const finish = () =>
    new Promise<void>((resolve, reject) => {
      if (stream.closed) return resolve();
      stream.once('error', reject);
      stream.end(() => resolve());
    });
  return {
    stream,
    async commit() {
      await finish();
      await rename(temp, target);
    },
    async abort() {
      stream.destroy();
      await rm(temp, { force: true });
    },
  };
}
