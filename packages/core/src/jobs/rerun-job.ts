import { randomUUID } from 'node:crypto';
import type { JobInput, JobRecord, Store } from '@scanrelay/storage/types';
import type { SendJob } from './send-job.js';

export interface RerunOutcome {
  job: JobRecord;
  /** False when the job was already queued or running: nothing was sent. */
  queued: boolean;
}

/**
 * Runs a stored job (again): creates it when it does not exist; a job that completed, failed or went
 * dead is set back to queued and sent under a new message id (the queue keeps finished messages, so
 * the first id would add nothing). A job already queued or running is left alone. When the queue
 * refuses, the job is recorded failed with the reason and the error is rethrown.
 */
export async function rerunJob(
  store: Store,
  send: SendJob,
  input: JobInput & { id: string },
): Promise<RerunOutcome> {
  const before = await store.jobs.getById(input.id);
  if (before && (before.status === 'queued' || before.status === 'running'))
    return { job: before, queued: false };
  const job = before
    ? ((await store.jobs.update(input.id, { status: 'queued', error: null, progress: 0 })) ?? before)
    : await store.jobs.create(input);
  try {
    await send(job, before ? `${job.id}:${randomUUID()}` : job.id);
  } catch (err) {
    await store.jobs
      .update(job.id, { status: 'failed', error: `could not be queued: ${(err as Error).message}` })
      .catch(() => {});
    throw err;
  }
  return { job, queued: true };
}
