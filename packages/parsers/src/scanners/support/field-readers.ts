/**
 * Readers for loosely typed report fields: each returns the value in the shape a Finding wants, or
 * undefined when the field is missing or unusable. Plain functions, no closures: they run once per
 * field of every finding.
 */

/** A string with at least one character. */
export function nonEmptyString(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** A string with at least one non-whitespace character (kept as written). */
export function nonBlankString(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

/** A JSON number that is an integer above 0 (line numbers, counts). */
export function positiveInteger(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : undefined;
}

/** Like positiveInteger, also accepting the number written as a string ("12"), as some tools do. */
export function positiveIntegerLike(v: unknown): number | undefined {
  return positiveInteger(typeof v === 'string' ? Number(v) : v);
}

/** A date string that Date.parse understands, as an ISO 8601 UTC timestamp. */
export function isoDate(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

/** Sets `attrs[name]` to `v` when `v` is a non-empty string, so attributes hold no empty noise. */
export function putString(attrs: Record<string, unknown>, name: string, v: unknown): void {
  if (typeof v === 'string' && v !== '') attrs[name] = v;
}
