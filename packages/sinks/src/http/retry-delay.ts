/** How a sink retries 429, 5xx, timeouts and network errors. */
export interface RetryPolicy {
  /** First backoff ceiling; doubles each retry. Default 500 ms. */
  baseDelayMs?: number;
  /** Cap of one backoff delay. Default 30 s. */
  maxDelayMs?: number;
  /** Cap of a server's `Retry-After`. Default 5 minutes. */
  maxRetryAfterMs?: number;
}

export const DEFAULT_RETRY: Required<RetryPolicy> = {
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 300_000,
};

/** `Retry-After` in milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * The wait before retry number `retry` (1 for the first retry): the server's `Retry-After` (capped)
 * when it sent one, else exponential backoff with full jitter (uniform in 0 … base × 2^(retry-1), capped).
 */
export function retryDelay(
  retry: number,
  retryAfterMs: number | undefined,
  policy: Required<RetryPolicy>,
  random: () => number,
): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, policy.maxRetryAfterMs);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(random() * ceiling);
}
