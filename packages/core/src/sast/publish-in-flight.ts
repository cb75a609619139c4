import type { SkippedScan } from '@scanrelay/api-schema';
import { effectiveScanStatus } from './effective-status.js';
import type { SastDeps } from './sast-types.js';

export interface InFlightQuery {
  tenantId: string;
  projectId: string;
  project: string;
  provider: string;
  now: Date;
}

/**
 * The scan of this project and provider still in flight, as a skip, or undefined when a new one may
 * be dispatched. An active scan that reads `timed_out` (pending or running past `config.timeoutMs`) is
 * stored as `timed_out` here, so the unique index of active scans admits the new one; its late result
 * is still accepted.
 */
export async function findInFlightScan(deps: SastDeps, q: InFlightQuery): Promise<SkippedScan | undefined> {
  const { store, config } = deps;
  const active = await store.scans.list(q.tenantId, {
    projectId: q.projectId,
    provider: q.provider,
    kind: 'sast',
    status: ['pending', 'running'],
    limit: 20,
  });
  // Only published scans: the unique index admits one of these per project and provider.
  for (const scan of active.items.filter((s) => s.origin === 'publish')) {
    const status = effectiveScanStatus(scan, q.now, config.timeoutMs);
    if (status === 'pending' || status === 'running') {
      return {
        provider: q.provider,
        reason: status,
        scanId: scan.id,
        detail: `a ${q.provider} scan is already ${status} since ${scan.createdAt}`,
      };
    }
    const minutes = Math.round(config.timeoutMs / 60_000);
    await store.scans.update(q.tenantId, scan.id, {
      status: 'timed_out',
      statusDetail: `no result within ${minutes} minutes of its dispatch at ${scan.createdAt}; recorded as timed out when ${q.project} was published again`,
    });
  }
  return undefined;
}
