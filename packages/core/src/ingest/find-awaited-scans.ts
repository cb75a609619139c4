import type { Store, StoredScan } from '@scanrelay/storage/types';
import { INVICTI_TRIGGER_SOURCES } from '../invicti/record-trigger.js';

/** A completion older than this no longer counts as the one a results post belongs to. */
const DEFAULT_MAX_AGE_MS = 24 * 3600_000;

export interface AwaitedScanQuery {
  tenantId: string;
  /** Only this project's scans; default: every project of the tenant. */
  project?: string;
  provider: string;
  /** The Invicti webhook's mode: only `workflow` completions wait for a results post. */
  mode: 'worker' | 'workflow';
  /** Default 24 hours. */
  maxAgeMs?: number;
  now?: Date;
}

/**
 * The scans whose results a bare findings post without a scan id may be (the results workflow posts
 * only the findings): Invicti scans of the tenant (and project) whose completion was recorded and
 * handed to the results workflow within `maxAgeMs`, and not ingested yet. The caller uses the scan
 * only when exactly one is found.
 */
export async function findAwaitedScans(store: Store, q: AwaitedScanQuery): Promise<StoredScan[]> {
  if (q.mode !== 'workflow' || q.provider !== 'invicti') return [];
  let projectId: string | undefined;
  if (q.project !== undefined) {
    const project = await store.projects.getByName(q.tenantId, q.project);
    if (!project) return [];
    projectId = project.id;
  }
  const since = (q.now ?? new Date()).getTime() - (q.maxAgeMs ?? DEFAULT_MAX_AGE_MS);
  const page = await store.scans.list(q.tenantId, {
    projectId,
    provider: q.provider,
    status: ['pending', 'running'],
    limit: 100,
  });
  const out: StoredScan[] = [];
  for (const scan of page.items) {
    if (scan.ingest || !scan.externalId) continue;
    const trigger = await store.deliveries.get(INVICTI_TRIGGER_SOURCES.scan, scan.externalId);
    if (trigger?.outcome === 'accepted' && Date.parse(trigger.receivedAt) >= since) out.push(scan);
  }
  return out;
}
