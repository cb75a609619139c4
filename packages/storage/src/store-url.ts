import path from 'node:path';
import { StorageError } from './storage-error.js';

export const DEFAULT_STORE_URL = 'file:./data/scanrelay.db';

export type ParsedStoreUrl =
  | { dialect: 'sqlite' /** A file path, or `:memory:`. */; filename: string }
  | { dialect: 'postgres'; connectionString: string };

/**
 * Reads a store URL: `file:PATH` (relative to the working directory), `sqlite:PATH`, `:memory:` /
 * `file::memory:` for a private in-memory database, or `postgres://…` / `postgresql://…`.
 */
export function parseStoreUrl(url: string): ParsedStoreUrl {
  const u = url.trim();
  if (u === ':memory:' || u === 'file::memory:' || u === 'sqlite::memory:')
    return { dialect: 'sqlite', filename: ':memory:' };
  if (/^postgres(ql)?:\/\//i.test(u)) {
    try {
      new URL(u);
    } catch (cause) {
      throw new StorageError('invalid_url', `expected a valid postgres:// URL, got "${redactUrl(u)}"`, {
        cause,
      });
    }
    return { dialect: 'postgres', connectionString: u };
  }
  const m = /^(?:file|sqlite):(?:\/\/)?(.+)$/i.exec(u);
  if (m?.[1]) return { dialect: 'sqlite', filename: path.resolve(m[1].replace(/\?.*$/, '')) };
  throw new StorageError(
    'invalid_url',
    `expected a database URL of the form file:PATH, :memory: or postgres://…, got "${redactUrl(u)}"`,
  );
}

/** The URL with its password replaced by `***`, for messages and logs. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@/]*@/i, '$1***@');
}
