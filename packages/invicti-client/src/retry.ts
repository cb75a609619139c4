import type { RetryOptions as KyRetryOptions } from 'ky';
import { HTTPError } from 'ky';

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
const RETRY_STATUSES = [408, 429, 500, 502, 503, 504] as const;

/**
 * Statuses that prove the server did not act, so even a launch (which must not create two scans) is
 * retried: rate limited, or unavailable.
 */
const NOT_PROCESSED_STATUSES = [429, 503];

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

function causeCode(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}

/**
 * ky's retry options for one call. `idempotent: false` (launching a scan) retries only when the
 * server cannot have acted on the request.
 */
export function toKyRetry(policy: RetryPolicy = {}, idempotent = true): KyRetryOptions {
  const p = { ...DEFAULT_RETRY, ...policy };
  return {
    limit: p.limit,
    methods: ['get', 'post', 'put', 'delete', 'head'],
    statusCodes: [...RETRY_STATUSES],
    afterStatusCodes: [...RETRY_STATUSES],
    maxRetryAfter: p.maxRetryAfterMs,
    backoffLimit: p.maxDelayMs,
    delay: (attempt) => p.baseDelayMs * 2 ** (attempt - 1),
    jitter: (delay) => jitter(delay),
    retryOnTimeout: idempotent,
    shouldRetry: idempotent
      ? undefined
      : ({ error }) => {
          if (error instanceof HTTPError)
            return NOT_PROCESSED_STATUSES.includes(error.response.status) ? undefined : false;
          return NOT_SENT_CODES.has(causeCode(error) ?? '') ? undefined : false;
        },
  };
}
