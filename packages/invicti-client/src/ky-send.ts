import ky, { HTTPError, type RetryOptions as KyRetryOptions, TimeoutError } from 'ky';
import {
  exponentialDelay,
  isRetryable,
  jitter,
  RETRY_STATUSES,
  type RetryPolicy,
  retryPolicy,
} from './retry.js';
import type { Answer, Failure, Send, TransportConfig } from './transport.js';

function kyAnswer(response: Response): Answer {
  return {
    status: response.status,
    header: (name) => response.headers.get(name),
    text: () => response.text(),
    discard: () => void response.body?.cancel().catch(() => {}),
  };
}

/** What ky threw, as the shared rules see it. */
function kyFailure(error: unknown): Failure {
  if (error instanceof HTTPError) return { kind: 'status', answer: kyAnswer(error.response), cause: error };
  if (error instanceof TimeoutError) return { kind: 'timeout', cause: error };
  return { kind: 'network', cause: error };
}

/** The shared retry rules (retry.ts) as ky's retry options for one call. */
export function toKyRetry(policy: RetryPolicy = {}, idempotent = true): KyRetryOptions {
  const p = retryPolicy(policy);
  return {
    limit: p.limit,
    methods: ['get', 'post', 'put', 'delete', 'head'],
    statusCodes: [...RETRY_STATUSES],
    afterStatusCodes: [...RETRY_STATUSES],
    maxRetryAfter: p.maxRetryAfterMs,
    backoffLimit: p.maxDelayMs,
    delay: (attempt) => exponentialDelay(attempt, p),
    jitter: (delay) => jitter(delay),
    retryOnTimeout: idempotent,
    // undefined: ky goes on with the rules above (Retry-After included).
    shouldRetry: ({ error }) => (isRetryable(kyFailure(error), idempotent) ? undefined : false),
  };
}

/** The general transport: ky over `fetch` (Node's, or the one given). */
export function createKySend(cfg: TransportConfig & { fetch?: typeof fetch }): Send {
  const api = ky.create({
    timeout: cfg.timeoutMs,
    // Redirects are followed by the requester, same origin only (see redirectTarget).
    redirect: 'manual',
    headers: cfg.headers,
    ...(cfg.fetch ? { fetch: cfg.fetch } : {}),
  });
  return async (target, call) => {
    try {
      const response = await api(target, {
        method: call.method,
        ...(call.json !== undefined ? { json: call.json } : {}),
        ...(call.signal ? { signal: call.signal } : {}),
        retry: toKyRetry(cfg.retry, call.idempotent),
        hooks: {
          beforeRetry: [({ error, retryCount }) => call.onRetry(kyFailure(error), retryCount)],
        },
      });
      return { answer: kyAnswer(response) };
    } catch (error) {
      return { failure: kyFailure(error) };
    }
  };
}
