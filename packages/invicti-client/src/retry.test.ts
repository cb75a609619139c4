import { describe, expect, it } from 'vitest';
import { toKyRetry } from './ky-send.js';
import { isRetryable, jitter, parseRetryAfter, retryDelay, retryPolicy } from './retry.js';

describe('retry policy', () => {
  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('keeps jittered delays between half and the whole delay', () => {
    expect(jitter(1000, () => 0)).toBe(500);
    expect(jitter(1000, () => 0.999)).toBeCloseTo(999.5);
  });

  it('backs off exponentially and caps the delay', () => {
    const r = toKyRetry({ baseDelayMs: 100, maxDelayMs: 1000, limit: 3 });
    expect(r.limit).toBe(3);
    expect(r.delay?.(1)).toBe(100);
    expect(r.delay?.(4)).toBe(800);
    expect(r.backoffLimit).toBe(1000);
    expect(r.afterStatusCodes).toContain(500);
  });

  it('does not retry a launch on a 500 but does on a refused connection', async () => {
    const r = toKyRetry({}, false);
    const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    const reset = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } });
    expect(await r.shouldRetry?.({ error: refused, retryCount: 1 })).toBeUndefined();
    expect(await r.shouldRetry?.({ error: reset, retryCount: 1 })).toBe(false);
    expect(r.retryOnTimeout).toBe(false);
  });
});

describe('the rules both transports share', () => {
  const answer = (status: number, retryAfter: string | null = null) => ({
    kind: 'status' as const,
    answer: { status, header: () => retryAfter, text: async () => '', discard: () => {} },
  });
  const network = (code: string) => ({ kind: 'network' as const, cause: { cause: { code } } });

  it('retries only what a launch cannot have done twice', () => {
    expect(isRetryable(answer(500), true)).toBe(true);
    expect(isRetryable(answer(500), false)).toBe(false);
    expect(isRetryable(answer(503), false)).toBe(true);
    expect(isRetryable(answer(404), true)).toBe(false);
    expect(isRetryable({ kind: 'timeout', cause: undefined }, true)).toBe(true);
    expect(isRetryable({ kind: 'timeout', cause: undefined }, false)).toBe(false);
    expect(isRetryable(network('ECONNREFUSED'), false)).toBe(true);
    expect(isRetryable(network('ECONNRESET'), false)).toBe(false);
    expect(isRetryable(network('ECONNRESET'), true)).toBe(true);
  });

  it('waits as the server asks (capped), else backs off with jitter (capped)', () => {
    const p = retryPolicy({ baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 2000 });
    expect(retryDelay(answer(429, '1'), 1, p)).toBe(1000);
    expect(retryDelay(answer(429, '60'), 1, p)).toBe(2000);
    expect(retryDelay(answer(500), 1, p, () => 0)).toBe(50);
    expect(retryDelay(answer(500), 3, p, () => 1)).toBe(400);
    expect(retryDelay(answer(500), 9, p, () => 1)).toBe(1000);
  });
});
