import type { Failure } from './transport.js';

/** How the client retries 429, 5xx, timeouts and network errors. */
export interface RetryPolicy {
  /** Retries after the first attempt; 0 turns retrying off. Default 4. */
  limit?: number;
  /** First backoff delay; doubles each retry (with jitter). Default 500 ms. */
  baseDelayMs?: number;
  /** Cap of one backoff delay. Default 30 s. */
  maxDelayMs?: number;
  /** Cap of a server's `Retry-After`. Default 5 minutes. */
  maxRetryAfterMs?: number;
}

export const DEFAULT_RETRY: Required<RetryPolicy> = {
  limit: 4,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 300_000,
};

/** Statuses worth another try. `Retry-After` is honoured on every one of them. */
export const RETRY_STATUSES: readonly number[] = [408, 429, 500, 502, 503, 504];

/**
 * Statuses that prove the server did not act, so even a launch (which must not create two scans) is
 * retried: rate limited, or unavailable.
 */
const NOT_PROCESSED_STATUSES: readonly number[] = [429, 503];

/** Network failures that happen before a request reaches the server. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * Full-jitter variant that keeps at least half the delay: spreads clients apart without retrying at once.
 */
export function jitter(delayMs: number, random: () => number = Math.random): number {
  return delayMs / 2 + random() * (delayMs / 2);
}

/** `Retry-After` in milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (value == null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The socket error's code under fetch's `TypeError('fetch failed', { cause })`. */
function causeCode(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}

/** The policy with its defaults. */
export function retryPolicy(policy: RetryPolicy = {}): Required<RetryPolicy> {
  return { ...DEFAULT_RETRY, ...policy };
}

/** The backoff before retry `retryCount` (1, 2, …), before jitter and cap: doubles each time. */
export function exponentialDelay(retryCount: number, p: Required<RetryPolicy>): number {
  return p.baseDelayMs * 2 ** (retryCount - 1);
}

/**
 * Whether a failed attempt is tried again. `idempotent: false` (launching a scan) retries only when
 * the server cannot have acted on the request: 429, 503, or a connection that was never made.
 */
export function isRetryable(failure: Failure, idempotent: boolean): boolean {
  if (failure.kind === 'status')
    return (idempotent ? RETRY_STATUSES : NOT_PROCESSED_STATUSES).includes(failure.answer.status);
  if (failure.kind === 'timeout') return idempotent;
  return idempotent || NOT_SENT_CODES.has(causeCode(failure.cause) ?? '');
}

/**
 * The wait before retry `retryCount` of a retryable failure: the server's `Retry-After` (capped, no
 * jitter) when it sent one, else the jittered exponential backoff, capped.
 */
export function retryDelay(
  failure: Failure,
  retryCount: number,
  p: Required<RetryPolicy>,
  random: () => number = Math.random,
): number {
  if (failure.kind === 'status') {
    const after = parseRetryAfter(failure.answer.header('retry-after'));
    if (after !== undefined) return Math.min(after, p.maxRetryAfterMs);
  }
  return Math.min(p.maxDelayMs, jitter(exponentialDelay(retryCount, p), random));
}
