/**
 * Remembers accepted delivery ids so that a replay is refused. Implementations must make `seen` atomic:
 * record the id if it is new (or its record has expired) and answer false, or answer true when a live
 * record exists. Two concurrent calls with the same id never both answer false.
 */
export interface DeliveryStore {
  /** Records `id` until `expiresAt` (milliseconds since the epoch) unless it is already recorded; true if it was. */
  seen(id: string, expiresAt: number): Promise<boolean>;
  /** Forgets `id`, so that the sender's retry is accepted after the handler failed. Optional. */
  release?(id: string): Promise<void>;
}

/** The key under which a delivery is recorded: ids are namespaced by scheme so that schemes never collide. */
export function deliveryKey(scheme: string, deliveryId: string): string {
  return `${scheme}:${deliveryId}`;
}
