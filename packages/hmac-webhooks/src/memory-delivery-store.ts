import type { DeliveryStore } from './delivery-store.js';
import { ExpiryQueue } from './expiry-queue.js';

export interface MemoryDeliveryStoreOptions {
  /** Most ids kept; when full, expired ids go first, then the oldest live ones (default 100 000). */
  maxEntries?: number;
  /** The clock, in milliseconds since the epoch (tests). */
  now?: () => number;
}

export interface MemoryDeliveryStore extends DeliveryStore {
  release(id: string): Promise<void>;
  /** Live ids held now. */
  readonly size: number;
}

// Settled promises are immutable, so every call can share these two instead of allocating its own.
const SEEN = Promise.resolve(true);
const NEW = Promise.resolve(false);
const DONE = Promise.resolve();

/**
 * A `DeliveryStore` in this process's memory: right for one process (tests, the CLI, `scanrelay serve`); several
 * API replicas need a shared store (the storage-backed one). Memory is bounded by `maxEntries`.
 *
 * Ids live in a `Map` (id → expiry, in insertion order, so the first key is the oldest) and their expiries in a
 * min-heap: every `seen` first drops what has expired (one comparison when nothing has), so no call ever scans
 * the whole store; when it is still full, the oldest id goes. Work per call is O(1) for ids arriving roughly in
 * expiry order (the usual case) and O(log n) at worst.
 */
export function createMemoryDeliveryStore(options: MemoryDeliveryStoreOptions = {}): MemoryDeliveryStore {
  const maxEntries = options.maxEntries ?? 100_000;
  if (!Number.isInteger(maxEntries) || maxEntries < 1) {
    throw new TypeError(
      `@scanrelay/hmac-webhooks: expected maxEntries to be a positive integer, got ${maxEntries}`,
    );
  }
  const now = options.now ?? Date.now;
  const entries = new Map<string, number>();
  const expiries = new ExpiryQueue();

  /** Drops the ids whose expiry has come. Heap records of ids released or recorded again since are skipped. */
  const expire = (at: number) => {
    while (expiries.size > 0 && expiries.peekExpiry() <= at) {
      const expiresAt = expiries.peekExpiry();
      const id = expiries.pop();
      if (entries.get(id) === expiresAt) entries.delete(id);
    }
  };

  return {
    seen(id, expiresAt) {
      let at: number;
      try {
        at = now();
      } catch (error) {
        return Promise.reject(error); // the caller's clock: its failure rejects, as from an async method
      }
      expire(at);
      // Every id still held is live now, so holding it is the answer.
      if (entries.has(id)) return SEEN;
      // Nothing to remember for an expiry already past (or not a number): the next call would not count it.
      if (!(expiresAt > at)) return NEW;
      while (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
      entries.set(id, expiresAt);
      expiries.push(expiresAt, id);
      // Records left by released or evicted ids wait for their expiry; rebuild when they outnumber live ids.
      if (expiries.size > 2 * entries.size + 1024) expiries.rebuild(entries);
      return NEW;
    },
    release(id) {
      entries.delete(id);
      return DONE;
    },
    get size() {
      const at = now();
      let live = 0;
      for (const expiresAt of entries.values()) if (expiresAt > at) live++;
      return live;
    },
  };
}
