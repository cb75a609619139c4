import { StorageError } from './storage-error.js';

/** Keyset cursors: the sort key of the last row of a page, as base64url JSON. */
function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string, length: number): (string | number)[] {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(v) &&
      v.length === length &&
      v.every((x) => typeof x === 'string' || typeof x === 'number')
    ) {
      return v;
    }
  } catch {
    // fall through
  }
  throw new StorageError(
    'invalid_input',
    `expected a cursor from a previous page, got "${cursor.slice(0, 40)}"`,
  );
}

export function pageLimit(limit: number | undefined): number {
  if (limit === undefined) return 50;
  if (!Number.isInteger(limit) || limit < 1)
    throw new TypeError(`@scanrelay/storage: limit must be a positive integer, got ${limit}`);
  return Math.min(limit, 1000);
}

/** Builds a page from `limit + 1` fetched rows. */
export function toPage<T>(
  rows: T[],
  limit: number,
  key: (row: T) => (string | number)[],
): { items: T[]; nextCursor?: string } {
  if (rows.length <= limit) return { items: rows };
  const items = rows.slice(0, limit);
  return { items, nextCursor: encodeCursor(key(items[items.length - 1] as T)) };
}
