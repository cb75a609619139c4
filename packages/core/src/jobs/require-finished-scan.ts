import { type InvictiClient, isInvictiError, type ScanTask, scanStateKind } from '@scanrelay/invicti-client';
import { invictiJobFailure } from './invicti-job-failure.js';
import type { JobContext } from './job-context.js';
import { PermanentJobError } from './permanent-job-error.js';

/**
 * Asks Invicti for the scan's state before anything is fetched. Complete: its task is returned.
 * Failed or cancelled (or unknown to Invicti): the stored scan is recorded failed with Invicti's
 * state and the job fails for good, fetching nothing. Anything else (Queued, Scanning, Archiving, a
 * state this client does not know): a plain error, so the queue retries after its backoff (and the
 * worker's sweep takes over if the scan outlasts the retries).
 */
export async function requireFinishedScan(
  ctx: JobContext,
  client: InvictiClient,
  scanId: string,
  storedScanId: string,
): Promise<ScanTask> {
  const fail = async (detail: string) => {
    await ctx.store.scans.update(ctx.job.tenantId, storedScanId, {
      status: 'failed',
      statusDetail: detail,
      completedAt: new Date().toISOString(),
    });
    await ctx.log(`${detail}: nothing fetched`, 'error');
    return new PermanentJobError(`${detail}: nothing to fetch`);
  };
  let task: ScanTask;
  try {
    task = await client.getScan(scanId, { signal: ctx.queue.signal });
  } catch (err) {
    if (isInvictiError(err) && err.code === 'not_found')
      throw await fail(`Invicti does not know scan ${scanId} (404)`);
    throw invictiJobFailure(err, scanId);
  }
  const kind = scanStateKind(task.State);
  if (kind === 'complete') return task;
  if (kind === 'failed' || kind === 'cancelled') {
    const reason = task.FailureReasonDescription ?? task.FailureReasonString;
    throw await fail(`Invicti state ${task.State}${reason ? ` (${reason})` : ''}`);
  }
  await ctx.log(`Invicti reports scan ${scanId} as ${task.State}: not finished yet`, 'warn');
  throw new Error(
    `Invicti reports scan ${scanId} as ${task.State}, not Complete: the fetch is retried later`,
  );
}
