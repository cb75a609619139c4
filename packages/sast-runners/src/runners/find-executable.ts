import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where a runner looks for its tool, besides `PATH`. */
export interface RunnerOptions {
  /** Searched before `PATH`, in order (tests put stand-in executables here). */
  binDirs?: readonly string[];
  /** Extra environment for the tool (added to the minimal one `runTool` passes on). */
  env?: Record<string, string | undefined>;
}

async function isExecutableFile(file: string): Promise<boolean> {
  try {
    if (!(await stat(file)).isFile()) return false;
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The `node_modules/.bin` folders from this module up to the filesystem root: where the npm tools
 * (eslint, secretlint) this package depends on are installed.
 */
export function packageBinDirs(from = path.dirname(fileURLToPath(import.meta.url))): string[] {
  const dirs: string[] = [];
  for (let dir = from; ; dir = path.dirname(dir)) {
    dirs.push(path.join(dir, 'node_modules', '.bin'));
    if (path.dirname(dir) === dir) return dirs;
  }
}

/** The absolute path of `name` in `dirs` then `PATH`, or undefined. Names with a slash are refused. */
export async function findExecutable(
  name: string,
  dirs: readonly string[] = [],
): Promise<string | undefined> {
  if (name.includes('/') || name.includes(path.sep))
    throw new TypeError(`findExecutable: "${name}" is not a bare name`);
  const pathDirs = (process.env.PATH ?? '').split(path.delimiter).filter((d) => path.isAbsolute(d));
  for (const dir of [...dirs, ...pathDirs]) {
    const file = path.join(dir, name);
    if (await isExecutableFile(file)) return file;
  }
  return undefined;
}
