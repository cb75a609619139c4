import { type InvictiClient, isInvictiError, scanStateKind } from '@scanrelay/invicti-client';
import type { Store, StoredScan } from '@scanrelay/storage/types';
import type { SendJob } from '../jobs/send-job.js';
import { type Logger, silentLogger } from '../logger.js';
import { invictiFetchJobId } from '../scan-identity.js';
import { INVICTI_PROVIDER } from './ensure-invicti-scan.js';
import { queueInvictiFetch } from './queue-invicti-fetch.js';

export interface InvictiSweepDeps {
  store: Store;
  send: SendJob;
  /** The worker's Invicti client. */
  invicti: () => InvictiClient;
  /** A scan (and its fetch job) unchanged this long is checked. */
  pollAfterMs: number;
  /** Scans checked per sweep, oldest change first. Default 100. */
  limit?: number;
  logger?: Logger;
  now?: () => number;
}

export interface InvictiSweepReport {
  /** Scans whose state was asked of Invicti. */
  checked: number;
  /** Stored scan ids whose fetch was queued. */
  queued: string[];
  /** Stored scan ids recorded failed (Invicti failed or cancelled them, or does not know them). */
  failed: string[];
  /** Scans Invicti still runs (asked again at the next sweep). */
  running: number;
  /** Scans Invicti could not be asked about this time. */
  errors: number;
}

/**
 * No lost results: finds Invicti scans that stayed unfinished for `pollAfterMs` (registered but no
 * completion arrived, or the fetch failed for good) and asks Invicti itself. Done: the (idempotent)
 * fetch job is queued. Failed or cancelled: the scan is recorded failed with Invicti's state. Still
 * running: asked again next time. A fetch job queued, running, or finished less than `pollAfterMs`
 * ago is left to itself.
 */
export async function sweepInvictiScans(deps: InvictiSweepDeps): Promise<InvictiSweepReport> {
  const { store } = deps;
  const logger = deps.logger ?? silentLogger;
  const cutoff = new Date((deps.now ?? Date.now)() - deps.pollAfterMs).toISOString();
  const report: InvictiSweepReport = { checked: 0, queued: [], failed: [], running: 0, errors: 0 };
  const stale = await store.scans.listStale({
    provider: INVICTI_PROVIDER,
    status: ['pending', 'running'],
    updatedBefore: cutoff,
    limit: deps.limit,
  });
  const fail = async (scan: StoredScan, detail: string) => {
    await store.scans.update(scan.tenantId, scan.id, {
      status: 'failed',
      statusDetail: detail,
      completedAt: new Date().toISOString(),
    });
    report.failed.push(scan.id);
    logger.warn('invicti sweep: scan recorded failed', { scanId: scan.externalId, detail });
  };
  const check = async (scan: StoredScan, externalId: string) => {
    const job = await store.jobs.getById(invictiFetchJobId(scan.tenantId, externalId));
    if (job && (job.status === 'queued' || job.status === 'running' || job.updatedAt > cutoff)) return;
    report.checked++;
    let state: string;
    try {
      state = (await deps.invicti().getScanStatus(externalId)).State;
    } catch (err) {
      if (!isInvictiError(err) || err.code !== 'not_found') throw err;
      return fail(scan, `Invicti does not know scan ${externalId} (404)`);
    }
    const kind = scanStateKind(state);
    if (kind === 'failed' || kind === 'cancelled') return fail(scan, `Invicti state ${state}`);
    if (kind !== 'complete') {
      report.running++;
      return;
    }
    await queueInvictiFetch({ store, send: deps.send }, scan);
    report.queued.push(scan.id);
    logger.info('invicti sweep: scan done, fetch queued', { scanId: externalId });
  };
  for (const scan of stale) {
    if (!scan.externalId) continue;
    try {
      await check(scan, scan.externalId);
    } catch (err) {
      // One scan's trouble (Invicti unreachable, the queue down) must not stop the others.
      report.errors++;
      logger.warn('invicti sweep: scan not checked', { scanId: scan.externalId, err });
    }
  }
  return report;
}
