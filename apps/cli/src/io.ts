import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Writable } from 'node:stream';

/** Where a command writes its output: stdout, or a file whose directory is created first. */
export async function openOutput(
  file: string | undefined,
): Promise<{ stream: Writable; close: () => Promise<void> }> {
  if (!file || file === '-') return { stream: process.stdout, close: async () => {} };
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const stream = createWriteStream(file);
  return {
    stream,
    close: () =>
      new Promise<void>((resolve, reject) => {
        stream.once('error', reject);
        stream.end(() => resolve());
      }),
  };
}

/** Writes a chunk and waits when the stream asks for it (backpressure). */
export function write(stream: Writable, chunk: string): Promise<void> | void {
  if (!stream.write(chunk)) return new Promise((resolve) => stream.once('drain', () => resolve()));
}
