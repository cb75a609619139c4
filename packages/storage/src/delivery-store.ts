import type { Store } from './types.js';

/**
 * `@scanrelay/hmac-webhooks`' `DeliveryStore`, kept in the store's `webhook_deliveries` table so every
 * API replica and the worker share it. `seen` is one atomic statement: of two concurrent calls with
 * one id only one answers false.
 */
export interface StorageDeliveryStore {
  /** Records `id` until `expiresAt` (ms since the epoch) unless a live record exists; true if one did. */
  seen(id: string, expiresAt: number): Promise<boolean>;
  /** Forgets `id`, so that the sender's retry is accepted after the handler failed. */
  release(id: string): Promise<void>;
}

export function createStorageDeliveryStore(
  store: Store,
  options: { source?: string } = {},
): StorageDeliveryStore {
  const source = options.source ?? 'webhook';
  return {
    async seen(id, expiresAt) {
      const { isNew } = await store.deliveries.record({
        id,
        source,
        outcome: 'accepted',
        expiresAt: new Date(expiresAt).toISOString(),
      });
      return !isNew;
    },
    async release(id) {
      await store.deliveries.forget(source, id);
    },
  };
}
