import { randomUUID } from 'node:crypto';
import type { Store, StoredForward } from '@scanrelay/storage/types';
import { CoreError } from '../core-error.js';
import type { Forwarding } from './create-forwarding.js';
import type { SendForward } from './send-forward.js';

export interface ReforwardInput {
  tenantId: string;
  scanId: string;
  /** Names of configured destinations; absent: the defaults. */
  destinations?: string[];
}

/**
 * Sends a stored scan's findings again to the named destinations, with the service's credentials: a
 * finished forward (done or dead) starts over with its attempts reset; one still pending, running or
 * waiting for a retry is left as it is. `CoreError` `not_found` when the scan is not this tenant's,
 * `invalid_input` for an unknown destination.
 */
export async function reforwardScan(
  store: Store,
  forwarding: Forwarding,
  send: SendForward,
  input: ReforwardInput,
): Promise<StoredForward[]> {
  const scan = await store.scans.get(input.tenantId, input.scanId);
  if (!scan) throw new CoreError('not_found', `scan ${input.scanId} not found`);
  const plan = forwarding.plan({ destinations: input.destinations });
  const existing = new Map(
    (await store.forwards.listForScan(input.tenantId, scan.id)).map((f) => [f.destination, f]),
  );
  const mode = (scan.ingest as { mode?: unknown } | undefined)?.mode;
  const out: StoredForward[] = [];
  for (const d of plan.destinations) {
    const before = existing.get(d.name);
    let forward =
      before ??
      (await store.forwards.ensure({
        tenantId: input.tenantId,
        scanId: scan.id,
        destination: d.name,
        kind: d.kind,
        context: { importType: mode === 'new' || mode === 'delta' ? mode : 'merge' },
      }));
    if (before && (before.status === 'done' || before.status === 'dead')) {
      forward =
        (await store.forwards.update(before.id, {
          status: 'pending',
          resetAttempts: true,
          lastError: null,
          nextAttemptAt: null,
        })) ?? before;
    }
    // Only a forward created or started over now gets a message: any other already has one.
    const fresh = !before || before.status === 'done' || before.status === 'dead';
    if (fresh)
      await send({ forwardId: forward.id, attempt: 1 }, { messageId: `fwd-${forward.id}-1-${randomUUID()}` });
    out.push(forward);
  }
  return out;
}
