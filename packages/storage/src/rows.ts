import type { Stored } from './model/stored.js';

/** Row helpers shared by the repositories. */

export function nowIso(): string {
  return new Date().toISOString();
}

/** A row as the store returns it: NULL columns read as `undefined` (see `Stored`). */
export function stored<Row extends object>(row: Row): Stored<Row> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) out[key] = value === null ? undefined : value;
  return out as Stored<Row>;
}

/** The first row of a result, or undefined. */
export function first<T>(rows: readonly T[]): T | undefined {
  return rows[0];
}

export function asArray<T>(v: T | T[] | undefined): T[] | undefined {
  return v === undefined ? undefined : Array.isArray(v) ? v : [v];
}
