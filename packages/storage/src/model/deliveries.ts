import type { webhookDeliveries } from '../schema/sqlite.js';
import type { Page, PageQuery } from './page.js';
import type { Stored } from './stored.js';

export type DeliveryOutcome = 'pending' | 'accepted' | 'rejected' | 'failed' | 'replayed';

/** A recorded webhook delivery; `detail` says why it was rejected or failed (never secrets). */
export type Delivery = Stored<typeof webhookDeliveries.$inferSelect>;

/** `expiresAt`: when the record may be forgotten (past the replay tolerance). */
export type DeliveryInput = Pick<Delivery, 'id' | 'source'> & Partial<Omit<Delivery, 'id' | 'source'>>;

export interface DeliveryQuery extends PageQuery {
  source?: string;
  tenantId?: string;
}

export interface DeliveryRepository {
  /** Records a delivery once: `isNew` false when this id of this source was already recorded. */
  record(input: DeliveryInput): Promise<{ isNew: boolean; delivery: Delivery }>;
  get(source: string, id: string): Promise<Delivery | undefined>;
  setOutcome(source: string, id: string, outcome: DeliveryOutcome, detail?: string): Promise<boolean>;
  /** Forgets a delivery (so the sender's retry is accepted after the handler failed). */
  forget(source: string, id: string): Promise<boolean>;
  /** Newest first; `tenantId` keeps only that tenant's deliveries. */
  list(query?: DeliveryQuery): Promise<Page<Delivery>>;
  /** Deletes records whose `expiresAt` is past; returns how many. */
  purgeExpired(now?: Date): Promise<number>;
}
