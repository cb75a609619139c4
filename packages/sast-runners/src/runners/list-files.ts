import { readdir } from 'node:fs/promises';
import path from 'node:path';

/** Folders never walked: version control data and installed dependencies are not the project's code. */
const SKIPPED_DIRS = new Set(['.git', 'node_modules']);

/**
 * Regular files under `dir` as `./`-prefixed relative paths (so none reads as an option), sorted,
 * at most `maxFiles`. Symbolic links are not followed: a link could point outside the checkout.
 */
export async function listFiles(dir: string, maxFiles = 50_000): Promise<string[]> {
  const files: string[] = [];
  const walk = async (rel: string): Promise<void> => {
    const entries = await readdir(path.join(dir, rel), { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (files.length >= maxFiles) return;
      const child = rel === '.' ? `./${entry.name}` : `${rel}/${entry.name}`;
      if (entry.isDirectory() && !SKIPPED_DIRS.has(entry.name)) await walk(child);
      else if (entry.isFile()) files.push(child);
    }
  };
  await walk('.');
  return files;
}
