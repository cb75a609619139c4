import { InvalidQueryError } from './invalid-query-error.js';

/**
 * What one position of a cursor holds: `text` (an id, a name), `timestamp` (an ISO 8601 time, which
 * PostgreSQL compares as timestamptz and refuses in any other form) or `integer` (a rank, as its
 * decimal text).
 */
export type CursorPart = 'text' | 'timestamp' | 'integer';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/;
const INTEGER = /^-?\d{1,9}$/;
const MAX_PART = 512;

/** Keyset cursors: the sort key of the last row of a page, as base64url JSON. */
function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** True for an ISO 8601 date-time with seconds and an offset (what the store keeps and compares). */
export function isIsoTimestamp(v: string): boolean {
  return ISO.test(v) && Number.isFinite(Date.parse(v));
}

function isPart(v: unknown, part: CursorPart): v is string {
  if (typeof v !== 'string' || v.length > MAX_PART || v.includes('\u0000')) return false;
  if (part === 'integer') return INTEGER.test(v);
  return part === 'text' || isIsoTimestamp(v);
}

/**
 * The sort key a cursor holds, checked position by position (`parts`, or that many `text` parts), so
 * that a tampered cursor is refused alike on both backends instead of reaching the database.
 * Throws `InvalidQueryError` (parameter `cursor`).
 */
export function decodeCursor(cursor: string, parts: number | readonly CursorPart[]): string[] {
  const shape: readonly CursorPart[] = typeof parts === 'number' ? Array(parts).fill('text') : parts;
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    v = undefined;
  }
  if (Array.isArray(v) && v.length === shape.length && shape.every((p, i) => isPart(v[i], p))) {
    return v as string[];
  }
  throw new InvalidQueryError('cursor', 'expected the nextCursor of a previous page of this list');
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
