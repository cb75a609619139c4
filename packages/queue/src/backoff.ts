/** Retry delay settings: `baseMs * 2^(attempt-1)`, capped at `maxMs`. */
export interface BackoffSettings {
  baseMs: number;
  maxMs: number;
}

export const defaultBackoff: BackoffSettings = { baseMs: 1000, maxMs: 5 * 60_000 };

/**
 * The delay before retrying after failed attempt `attempt` (1-based): exponential, capped, with
 * full jitter (a uniform draw between 0 and the capped value), so retries of many jobs that failed
 * together spread out instead of hitting the same backend at once.
 */
export function backoffDelay(
  attempt: number,
  settings: BackoffSettings,
  random: () => number = Math.random,
): number {
  const exp = settings.baseMs * 2 ** Math.max(0, attempt - 1);
  const capped = Math.min(settings.maxMs, exp);
  return Math.floor(random() * capped);
}
