import type { Store, StoredScan } from '@scanrelay/storage/types';
import { CoreError } from '../core-error.js';
import { type FetchInvictiIssuesInput, JOB_TYPES } from '../jobs/job-contract.js';
import { type RerunOutcome, rerunJob } from '../jobs/rerun-job.js';
import type { SendJob } from '../jobs/send-job.js';
import { invictiFetchJobId } from '../scan-identity.js';
import { INVICTI_PROVIDER } from './ensure-invicti-scan.js';

export interface QueueInvictiFetchDeps {
  store: Store;
  send: SendJob;
}

/**
 * Runs the `fetch-invicti-issues` job of a stored Invicti scan (again), under the scan's one job id:
 * what the sweep does once Invicti reports the scan done, and what an admin's re-fetch does. A job
 * already queued or running is left alone; a finished one runs again (it is idempotent: a scan
 * already ingested is not written twice). Throws `invalid_input` for a scan of another provider.
 */
export async function queueInvictiFetch(
  deps: QueueInvictiFetchDeps,
  scan: StoredScan,
): Promise<RerunOutcome> {
  if (scan.provider !== INVICTI_PROVIDER || !scan.externalId)
    throw new CoreError(
      'invalid_input',
      `scan ${scan.id} is a ${scan.provider} scan, not an Invicti scan with an Invicti scan id`,
    );
  const input: FetchInvictiIssuesInput = { scanId: scan.externalId, project: scan.project };
  return rerunJob(deps.store, deps.send, {
    id: invictiFetchJobId(scan.tenantId, scan.externalId),
    tenantId: scan.tenantId,
    type: JOB_TYPES.fetchInvictiIssues,
    input,
  });
}
