import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '@scanrelay/core';

/**
 * The secret kept in `<dataDir>/<name>`: read when the file exists, else made by `make` and written
 * once (mode 0600; a process starting at the same time that wrote it first wins, and both use its).
 */
export function keptSecret(
  dataDir: string,
  name: string,
  make: () => string,
  logger?: Logger,
  what = name,
): string {
  const file = path.join(dataDir, name);
  if (existsSync(file)) return readFileSync(file, 'utf8');
  mkdirSync(dataDir, { recursive: true });
  try {
    writeFileSync(file, make(), { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
    logger?.info(`generated the ${what}`, { file });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return readFileSync(file, 'utf8');
}

/** The secret in `<dataDir>/<name>` when a server sharing this data dir kept one there; never creates it. */
export function sharedSecret(dataDir: string, name: string): string | undefined {
  const file = path.join(dataDir, name);
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}
