import type { JobInput, JobRecord } from '@scanrelay/storage';
import type { ApiServices } from './app-env.js';
import { ApiProblem } from './errors/api-problem.js';

/**
 * Creates the job record, then the queue message with the same id. If the queue refuses, the record
 * is marked failed with the reason and the caller gets 503: no job is left waiting for a message
 * that will never come. Both steps are idempotent on the id.
 */
export async function enqueueJob(
  services: ApiServices,
  input: JobInput & { id: string },
): Promise<JobRecord> {
  const job = await services.store.jobs.create(input);
  await sendQueuedJob(services, { id: job.id, type: input.type });
  return job;
}

/**
 * The queue message of a job whose record exists (e.g. created in the caller's transaction). If the
 * queue refuses, the record is marked failed with the reason and the caller gets 503.
 */
export async function sendQueuedJob(services: ApiServices, job: { id: string; type: string }): Promise<void> {
  try {
    await services.queue.enqueue(services.config.queueName, job.type, { jobId: job.id }, { jobId: job.id });
  } catch (cause) {
    services.logger.error('enqueue failed', { jobId: job.id, type: job.type, err: cause });
    await services.store.jobs
      .update(job.id, { status: 'failed', error: `could not be queued: ${(cause as Error).message}` })
      .catch(() => {});
    throw new ApiProblem('SERVICE_UNAVAILABLE', 'the job queue is unavailable; try again later', { cause });
  }
}
