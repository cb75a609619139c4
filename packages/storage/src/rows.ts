/** Row value helpers shared by the repositories (both dialects return JSON as text, times as ISO). */

export function nowIso(): string {
  return new Date().toISOString();
}

export function optional<T>(v: T | null | undefined): T | undefined {
  return v === null ? undefined : v;
}

export function str(v: unknown): string {
  return String(v);
}

export function optStr(v: unknown): string | undefined {
  return v === null || v === undefined ? undefined : String(v);
}

export function num(v: unknown): number {
  return Number(v);
}

export function bool(v: unknown): boolean {
  return v === true || v === 1 || v === '1' || v === 't';
}

export function parseJson<T = unknown>(v: unknown): T {
  return (typeof v === 'string' ? JSON.parse(v) : v) as T;
}

export function optJson<T = unknown>(v: unknown): T | undefined {
  return v === null || v === undefined ? undefined : parseJson<T>(v);
}

/** JSON for a column; undefined stays NULL. */
export function toJson(v: unknown): string | null {
  return v === undefined ? null : JSON.stringify(v);
}

/** `IN (?, ?, …)` for a short list of values (never on a hot path). */
export function inList(values: readonly unknown[]): string {
  return `(${values.map(() => '?').join(', ')})`;
}

export function asArray<T>(v: T | T[] | undefined): T[] | undefined {
  return v === undefined ? undefined : Array.isArray(v) ? v : [v];
}
