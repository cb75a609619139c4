import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
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

/** Whether `file` exists and is not a regular file (a character device, a FIFO, a socket…). */
async function isSpecialFile(file: string): Promise<boolean> {
  try {
    const s = await stat(file);
    return !s.isFile() && !s.isDirectory();
  } catch {
    return false;
  }
}

function opened(stream: Writable): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', reject);
  });
}

function finished(stream: Writable & { closed?: boolean }): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (stream.closed) return resolve();
    stream.once('error', reject);
    stream.end(() => resolve());
  });
}

/**
 * Opens `file` for writing through a temporary file in the same directory (so the final rename is
 * atomic on one file system). A special file that exists (`/dev/null`, `/dev/stdout`, a FIFO, a
 * socket) is written straight into instead: renaming over it would replace the device (as root,
 * `/dev/null` would become a regular file) and a FIFO's reader would never see the data.
 */
export async function openAtomicFile(file: string): Promise<AtomicFile> {
  const target = path.resolve(file);
  if (await isSpecialFile(target)) {
    const stream = createWriteStream(target, { flags: 'w' });
    await opened(stream);
    return {
      stream,
      commit: () => finished(stream),
      async abort() {
        stream.destroy();
      },
    };
  }
  await mkdir(path.dirname(target), { recursive: true });
  const temp = path.join(
    path.dirname(target),
    `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  const stream = createWriteStream(temp, { flags: 'wx', mode: 0o644 });
  await opened(stream);
  return {
    stream,
    async commit() {
      await finished(stream);
      await rename(temp, target);
    },
    async abort() {
      stream.destroy();
      await rm(temp, { force: true });
    },
  };
}

/** Writes a whole text through `openAtomicFile`: a regular file appears complete or not at all. */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const out = await openAtomicFile(file);
  try {
    await new Promise<void>((resolve, reject) => {
      out.stream.write(text, (err) => (err ? reject(err) : resolve()));
    });
    await out.commit();
  } catch (err) {
    await out.abort();
    throw err;
  }
}
