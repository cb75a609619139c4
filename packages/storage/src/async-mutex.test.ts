import { describe, expect, it } from 'vitest';
import { AsyncMutex } from './async-mutex.js';

describe('AsyncMutex', () => {
  it('lets one holder in at a time, in arrival order', async () => {
    const mutex = new AsyncMutex();
    const log: string[] = [];
    const work = async (name: string, ms: number) => {
      const release = await mutex.acquire();
      log.push(`${name}:in`);
      await new Promise((r) => setTimeout(r, ms));
      log.push(`${name}:out`);
      release();
    };
    await Promise.all([work('a', 20), work('b', 1), work('c', 5)]);
    expect(log).toEqual(['a:in', 'a:out', 'b:in', 'b:out', 'c:in', 'c:out']);
    expect(mutex.isHeld).toBe(false);
  });
});
