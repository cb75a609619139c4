import type { DeliveryOutcome, Store } from '@scanrelay/storage/types';

/** The delivery records of `invicti-scan-complete`: one per delivery id, one per Invicti scan id. */
export const INVICTI_TRIGGER_SOURCES = {
  delivery: 'invicti-scan-complete',
  scan: 'invicti-scan',
} as const;
const { delivery: DELIVERY_SOURCE, scan: SCAN_SOURCE } = INVICTI_TRIGGER_SOURCES;
/** Delivery records are kept this long (far beyond any sender's retry window). */
const KEEP_MS = 30 * 24 * 3600 * 1000;

/**
 * Records a scan-complete trigger once per delivery id and once per scan id. Returns false for a
 * repeat (same delivery, or another delivery of a scan already triggered), true when the caller
 * should act. A trigger whose earlier handling failed, or that was refused, may be tried again.
 */
export async function recordTrigger(
  store: Store,
  deliveryId: string,
  scanId: string,
  outcome: DeliveryOutcome,
  tenantId: string,
): Promise<boolean> {
  const expiresAt = new Date(Date.now() + KEEP_MS).toISOString();
  const common = { outcome, expiresAt, tenantId, subject: scanId };
  const delivery = await store.deliveries.record({ source: DELIVERY_SOURCE, id: deliveryId, ...common });
  // A failed handling may be retried; a refused copy (e.g. a tampered query) must not burn the genuine delivery.
  const retryable = delivery.delivery.outcome === 'failed' || delivery.delivery.outcome === 'rejected';
  if (!delivery.isNew && !retryable) return false;
  const perScan = await store.deliveries.record({ source: SCAN_SOURCE, id: scanId, ...common });
  if (!perScan.isNew) {
    if (perScan.delivery.outcome !== 'failed') {
      await store.deliveries.setOutcome(
        DELIVERY_SOURCE,
        deliveryId,
        'replayed',
        `scan ${scanId} was already triggered`,
      );
      return false;
    }
    await store.deliveries.setOutcome(SCAN_SOURCE, scanId, outcome);
  }
  if (!delivery.isNew) await store.deliveries.setOutcome(DELIVERY_SOURCE, deliveryId, outcome);
  return true;
}

/** Marks both records failed, so that the sender's retry is accepted. */
export async function markTriggerFailed(
  store: Store,
  deliveryId: string,
  scanId: string,
  reason: string,
): Promise<void> {
  const detail = reason.slice(0, 500);
  await store.deliveries.setOutcome(DELIVERY_SOURCE, deliveryId, 'failed', detail).catch(() => {});
  await store.deliveries.setOutcome(SCAN_SOURCE, scanId, 'failed', detail).catch(() => {});
}

/** Marks both records accepted once the work was handed over (`detail`: what was done). */
export async function markTriggerAccepted(
  store: Store,
  deliveryId: string,
  scanId: string,
  detail: string,
): Promise<void> {
  await store.deliveries.setOutcome(DELIVERY_SOURCE, deliveryId, 'accepted', detail);
  await store.deliveries.setOutcome(SCAN_SOURCE, scanId, 'accepted');
}

/**
 * Keeps an authenticated delivery that was refused (no scan id, a query that disagrees with the
 * signed body), so that admins see it with its reason.
 */
export async function recordRefusal(
  store: Store,
  deliveryId: string,
  tenantId: string,
  detail: string,
): Promise<void> {
  const expiresAt = new Date(Date.now() + KEEP_MS).toISOString();
  // A delivery id recorded before keeps its first outcome: only the first copy is kept.
  await store.deliveries.record({
    source: DELIVERY_SOURCE,
    id: deliveryId,
    outcome: 'rejected',
    detail: detail.slice(0, 500),
    expiresAt,
    tenantId,
  });
}
