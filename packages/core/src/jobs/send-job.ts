import type { Queue } from '@scanrelay/queue';
import type { QueueMessage } from './job-contract.js';

/**
 * Sends the queue message that runs the stored job `job`. The message carries only the job id;
 * `messageId` makes the send idempotent (the job id for a first run, a fresh id for a re-run).
 */
export type SendJob = (job: { id: string; type: string }, messageId: string) => Promise<unknown>;

/** A SendJob over a queue (`queueName`: the API's and the worker's queue, default `scanrelay`). */
export function createJobSender(queue: Queue, queueName: string): SendJob {
  return (job, messageId) =>
    queue.enqueue(queueName, job.type, { jobId: job.id } satisfies QueueMessage, { jobId: messageId });
}
