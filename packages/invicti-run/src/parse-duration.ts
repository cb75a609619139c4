const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * Milliseconds from `500ms`, `30s`, `15m`, `8h`, or a bare number of seconds. Undefined when the text
 * is not a positive duration.
 */
export function parseDuration(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/i.exec(text);
  if (!match?.[1]) return undefined;
  const ms = Math.round(Number(match[1]) * (UNITS[(match[2] ?? 's').toLowerCase()] ?? 1000));
  // After rounding: `0.1ms` is no positive duration either.
  return ms > 0 && Number.isFinite(ms) ? ms : undefined;
}
