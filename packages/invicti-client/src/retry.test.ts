import { describe, expect, it } from 'vitest';
import { jitter, parseRetryAfter, toKyRetry } from './retry.js';

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
