import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';

/**
 * Bytes under `dir` (files as stored, symbolic links not followed); stops counting once past
 * `stopAbove`. A missing directory counts 0; entries that vanish while counting are skipped.
 */
export async function directorySize(dir: string, stopAbove = Number.POSITIVE_INFINITY): Promise<number> {
  let total = 0;
  const pending = [dir];
  while (pending.length > 0 && total <= stopAbove) {
    const current = pending.pop() as string;
    const entries = await readdir(current, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) pending.push(full);
      else
        total += await lstat(full).then(
          (s) => s.size,
          () => 0,
        );
    }
  }
  return total;
}
