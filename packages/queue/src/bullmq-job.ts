import type { Job as BullJob, Queue as BullQueue, JobState as BullState } from 'bullmq';
import { PRIORITY_MAX } from './options.js';
import type { Job, JobState } from './types.js';

/**
 * BullMQ refuses custom ids that contain ':' or read as integers, so ids are escaped on the way in
 * ('%' -> '%25', ':' -> '%3A', and '%23' before an integer-looking id) and unescaped on the way out.
 */
export function encodeJobId(id: string): string {
  const escaped = id.replaceAll('%', '%25').replaceAll(':', '%3A');
  return `${Number.parseInt(escaped, 10)}` === escaped ? `%23${escaped}` : escaped;
}

export function decodeJobId(id: string): string {
  return id.replace(/%(25|3A|23)/g, (_, code: string) => (code === '25' ? '%' : code === '3A' ? ':' : ''));
}

/** Ours run lowest first from -2^20+1 to 2^20; BullMQ's from 1 (highest) to 2^21, 0 meaning "none". */
export function toBullPriority(priority: number): number {
  return priority + PRIORITY_MAX;
}

/**
 * BullMQ's states in ours: its `failed` is final (our dead letter); a job waiting or delayed after
 * a failed attempt is `failed` (awaiting its retry), as in the SQLite driver.
 */
function toJobState(state: BullState | 'unknown', job: BullJob): JobState | undefined {
  switch (state) {
    case 'completed':
    case 'active':
      return state;
    case 'failed':
      return 'dead';
    case 'delayed':
      return job.attemptsMade > 0 ? 'failed' : 'delayed';
    case 'waiting':
    case 'prioritized':
    case 'waiting-children':
      return job.attemptsMade > 0 ? 'failed' : 'waiting';
    default:
      return undefined;
  }
}

export function toJob(job: BullJob, state: JobState): Job {
  const out: Job = {
    id: decodeJobId(job.id ?? ''),
    queue: job.queueName,
    name: job.name,
    data: job.data ?? null,
    attempt: job.attemptsStarted ?? 0,
    maxAttempts: job.opts.attempts ?? 1,
    state,
    createdAt: new Date(job.timestamp).toISOString(),
    runAt: new Date(job.timestamp + (job.delay ?? 0)).toISOString(),
  };
  if (job.failedReason) out.lastError = job.failedReason;
  if (job.finishedOn && (state === 'completed' || state === 'dead')) {
    out.finishedAt = new Date(job.finishedOn).toISOString();
  }
  return out;
}

/**
 * Reads a job and its state as one snapshot. BullMQ keeps them apart (a hash and a list or set), so
 * the state is read before and after the hash; a job that moved in between is read again.
 */
export async function readJob(queue: BullQueue, encodedId: string): Promise<Job | undefined> {
  for (let tries = 1; ; tries++) {
    const before = await queue.getJobState(encodedId);
    const job = await queue.getJob(encodedId);
    if (!job) return undefined;
    const after = await job.getState();
    const state = toJobState(after, job);
    if (!state) return undefined;
    if (before === after || tries === 5) return toJob(job, state);
  }
}
