import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMemoryDeliveryStore } from './memory-delivery-store.js';
import { sign } from './sign.js';
import { verify } from './verify.js';

describe('createMemoryDeliveryStore', () => {
  it('records a new id once, until it expires', async () => {
    let now = 1000;
    const store = createMemoryDeliveryStore({ now: () => now });
    expect(await store.seen('a', 2000)).toBe(false);
    expect(await store.seen('a', 2000)).toBe(true);
    expect(store.size).toBe(1);
    now = 2000;
    expect(store.size).toBe(0);
    expect(await store.seen('a', 3000)).toBe(false);
  });

  it('answers only one of concurrent calls with false', async () => {
    const store = createMemoryDeliveryStore();
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => store.seen('same', Date.now() + 60_000)),
    );
    expect(answers.filter((seen) => !seen)).toHaveLength(1);
  });

  it('release forgets an id', async () => {
    const store = createMemoryDeliveryStore();
    await store.seen('a', Date.now() + 60_000);
    await store.release('a');
    expect(await store.seen('a', Date.now() + 60_000)).toBe(false);
  });

  it('stays within maxEntries, dropping expired ids first, then the oldest', async () => {
    let now = 0;
    const store = createMemoryDeliveryStore({ maxEntries: 3, now: () => now });
    await store.seen('short', 10);
    await store.seen('b', 100);
    await store.seen('c', 100);
    now = 20;
    await store.seen('d', 100);
    expect(await store.seen('b', 100)).toBe(true);
    await store.seen('e', 100);
    expect(store.size).toBe(3);
    expect(await store.seen('c', 100)).toBe(true);
    expect(await store.seen('b', 100)).toBe(false);
    expect(() => createMemoryDeliveryStore({ maxEntries: 0 })).toThrow(TypeError);
  });

  it('keeps a verified id for as long as its timestamp is accepted', async () => {
    let now = 1_700_000_000_000;
    const store = createMemoryDeliveryStore({ now: () => now });
    const body = '{}';
    const headers = sign({ scheme: 'scanrelay', secret: 's', body, id: 'msg_t', timestamp: 1_700_000_000 });
    const run = () =>
      verify({ scheme: 'scanrelay', secret: 's', body, headers, store, now, toleranceSeconds: 60 });
    expect(await run()).toMatchObject({ ok: true });
    now += 60_000;
    expect(await run()).toMatchObject({ ok: false, reason: 'replayed' });
    now += 1;
    expect(await run()).toMatchObject({ ok: false, reason: 'timestamp_too_old' });
  });

  it('answers as a plain scan of every id would, over any sequence of calls', async () => {
    // The model: the store's contract spelt out with a Map scanned on every call.
    const op = fc.oneof(
      fc.record({ seen: fc.constantFrom('a', 'b', 'c', 'd', 'e'), ttl: fc.integer({ min: -5, max: 40 }) }),
      fc.record({ release: fc.constantFrom('a', 'b', 'c') }),
      fc.record({ wait: fc.integer({ min: 0, max: 15 }) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 4 }), fc.array(op, { maxLength: 60 }), async (max, ops) => {
        let now = 1000;
        const store = createMemoryDeliveryStore({ maxEntries: max, now: () => now });
        const model = new Map<string, number>();
        for (const o of ops) {
          if ('wait' in o) now += o.wait;
          else if ('release' in o) {
            model.delete(o.release);
            await store.release(o.release);
          } else {
            const expiresAt = now + o.ttl;
            const existing = model.get(o.seen);
            let expected = false;
            if (existing !== undefined && existing > now) expected = true;
            else if (expiresAt > now) {
              // (an expiry already past is not recorded, so it evicts nothing)
              model.delete(o.seen);
              if (model.size >= max) for (const [id, at] of model) if (at <= now) model.delete(id);
              while (model.size >= max) model.delete(model.keys().next().value as string);
              model.set(o.seen, expiresAt);
            }
            expect(await store.seen(o.seen, expiresAt)).toBe(expected);
          }
          expect(store.size).toBe([...model.values()].filter((at) => at > now).length);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('rejects (never throws) when its clock fails, and records nothing whose expiry has passed', async () => {
    const broken = createMemoryDeliveryStore({
      now: () => {
        throw new Error('clock');
      },
    });
    await expect(broken.seen('a', 1)).rejects.toThrow('clock');
    const store = createMemoryDeliveryStore({ maxEntries: 1, now: () => 100 });
    expect(await store.seen('live', 200)).toBe(false);
    expect(await store.seen('dead', 100)).toBe(false);
    expect(await store.seen('live', 200)).toBe(true); // not evicted for a record that was never kept
    expect(await store.seen('dead', 100)).toBe(false);
  });

  it('a released id recorded again keeps its new expiry, not the old one', async () => {
    let now = 0;
    const store = createMemoryDeliveryStore({ now: () => now });
    await store.seen('a', 10);
    await store.release('a');
    expect(await store.seen('a', 50)).toBe(false);
    now = 20; // past the first record's expiry
    expect(await store.seen('a', 60)).toBe(true);
    expect(store.size).toBe(1);
    now = 50;
    expect(await store.seen('a', 90)).toBe(false);
  });

  it('stays correct through many releases and evictions (records of forgotten ids are dropped)', async () => {
    let now = 0;
    const store = createMemoryDeliveryStore({ maxEntries: 10, now: () => now });
    for (let i = 0; i < 5000; i++) {
      expect(await store.seen(`id${i}`, 1_000_000 + i)).toBe(false);
      if (i % 2 === 0) await store.release(`id${i}`);
    }
    expect(store.size).toBe(10);
    expect(await store.seen('id4999', 2_000_000)).toBe(true);
    expect(await store.seen('id4998', 2_000_000)).toBe(false);
    now = 1_005_000;
    expect(store.size).toBe(1); // only id4998, recorded until 2 000 000, is still live
  });
});
