import type { ScanStatus } from '@scanrelay/findings-schema';
import type { Store, StoredScan } from '@scanrelay/storage/types';
import { scanIdFor } from '../scan-identity.js';

/** The provider name of every stored Invicti scan. */
export const INVICTI_PROVIDER = 'invicti';

export interface InvictiScanRef {
  tenantId: string;
  /** The Invicti scan id, lower-case with dashes. */
  scanId: string;
  project: string;
  target?: string;
  /** The status of a new record (an existing one keeps its own). */
  status: Extract<ScanStatus, 'pending' | 'running'>;
  /** The id of `project` when the caller already knows it (saves looking the project up). */
  projectId?: string;
}

/**
 * The stored scan of an Invicti scan (one per tenant and Invicti scan id: the id ingest uses), created
 * when the service first hears of it: a registration, a completion, a sweep. An existing record keeps
 * its project and target. Two callers racing to create it get the same record.
 */
export async function ensureInvictiScan(
  store: Store,
  ref: InvictiScanRef,
): Promise<{ scan: StoredScan; created: boolean }> {
  const id = scanIdFor(ref.tenantId, INVICTI_PROVIDER, ref.scanId);
  const existing = await store.scans.get(ref.tenantId, id);
  if (existing) return { scan: existing, created: false };
  const projectId =
    ref.projectId ?? (await store.projects.getOrCreate(ref.tenantId, { name: ref.project })).id;
  try {
    const scan = await store.scans.create(ref.tenantId, {
      id,
      projectId,
      provider: INVICTI_PROVIDER,
      kind: 'dast',
      status: ref.status,
      externalId: ref.scanId,
      target: ref.target,
      startedAt: new Date().toISOString(),
    });
    return { scan, created: true };
  } catch (err) {
    const raced = await store.scans.get(ref.tenantId, id);
    if (raced) return { scan: raced, created: false };
    throw err;
  }
}
