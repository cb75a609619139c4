import {
  type Job as BullJob,
  type ConnectionOptions,
  UnrecoverableError,
  WaitingError,
  Worker,
} from 'bullmq';
import { backoffDelay } from './backoff.js';
import { decodeJobId, toJob } from './bullmq-job.js';
import type { ResolvedConsumeOptions } from './options.js';
import { errorMessage, QueueError } from './queue-error.js';
import type { Consumer, JobHandler } from './types.js';
import { settledWithin } from './waker.js';

/** The strategy name our jobs carry, so BullMQ asks the worker's `backoffStrategy`. */
export const backoffType = 'scanrelay';

interface Running {
  jobId: string;
  controller: AbortController;
  release: () => void;
}

export interface BullmqConsumerDeps {
  queue: string;
  handler: JobHandler<unknown>;
  options: ResolvedConsumeOptions;
  connection: ConnectionOptions;
  prefix: string;
  onError: (err: unknown) => void;
  random: () => number;
  onClosed: () => void;
}

/**
 * A BullMQ `Worker` with our semantics on top: the lock is the lease (renewed at a third of it),
 * stalled jobs come back after one lease, a job started `maxAttempts` times without finishing is
 * dead, and `close` gives unfinished jobs back to the queue when its time runs out.
 */
export class BullmqConsumer implements Consumer {
  private readonly worker: Worker;
  private readonly running = new Map<string, Running>();
  private closed: Promise<void> | undefined;

  constructor(private readonly deps: BullmqConsumerDeps) {
    const { options } = deps;
    this.worker = new Worker(deps.queue, (job, token) => this.process(job, token ?? ''), {
      connection: deps.connection,
      prefix: deps.prefix,
      concurrency: options.concurrency,
      lockDuration: options.leaseMs,
      lockRenewTime: Math.max(10, Math.floor(options.leaseMs / 3)),
      stalledInterval: options.leaseMs,
      // Our own rule below ends a job after maxAttempts starts, stalls included.
      maxStalledCount: 1_000_000,
      drainDelay: Math.max(1, Math.ceil(options.pollMs / 1000)),
      limiter: options.rateLimit
        ? { max: options.rateLimit.max, duration: options.rateLimit.perMs }
        : undefined,
      settings: {
        // The delay follows the attempt number (starts), as in the SQLite driver.
        backoffStrategy: (made, _type, _err, job) =>
          backoffDelay(
            (job as { attemptsStarted?: number } | undefined)?.attemptsStarted ?? made,
            options.backoff,
            deps.random,
          ),
      },
    });
    this.worker.on('error', (err) => deps.onError(err));
    this.worker.on('lockRenewalFailed', (jobIds: string[]) => {
      for (const r of this.running.values()) {
        if (jobIds.includes(r.jobId)) r.controller.abort(this.leaseLost(r.jobId));
      }
    });
  }

  close(timeoutMs = 30_000): Promise<void> {
    this.closed ??= this.shutdown(timeoutMs);
    return this.closed;
  }

  private async shutdown(timeoutMs: number): Promise<void> {
    const closing = this.worker.close();
    if (!(await settledWithin([closing], timeoutMs))) {
      for (const r of this.running.values()) r.release();
    }
    await closing.catch((err) => this.deps.onError(err));
    this.deps.onClosed();
  }

  private leaseLost(jobId: string): QueueError {
    return new QueueError('LEASE_LOST', `the lease on job ${decodeJobId(jobId)} expired and was taken over`);
  }

  private async process(bullJob: BullJob, token: string): Promise<void> {
    const { options, handler } = this.deps;
    const job = toJob(bullJob, 'active');
    if (job.attempt > job.maxAttempts) {
      const last = bullJob.failedReason ? `; last error: ${bullJob.failedReason}` : '';
      throw new UnrecoverableError(
        `@scanrelay/queue: started ${job.maxAttempts} times without finishing${last}`,
      );
    }
    const controller = new AbortController();
    let release!: () => void;
    const released = new Promise<'released'>((resolve) => {
      release = () => {
        controller.abort(new QueueError('LEASE_RELEASED', `consumer closed before job ${job.id} finished`));
        resolve('released');
      };
    });
    this.running.set(token, { jobId: bullJob.id ?? '', controller, release });
    const ctx = {
      signal: controller.signal,
      extendLease: async () => {
        if (Number(await bullJob.extendLock(token, options.leaseMs)) !== 1) {
          const err = this.leaseLost(bullJob.id ?? '');
          controller.abort(err);
          throw err;
        }
      },
    };
    try {
      const run = Promise.resolve().then(() => handler(job, ctx));
      const outcome = await Promise.race([run.then(() => 'done' as const), released]);
      if (outcome === 'released') {
        run.catch(() => {});
        await bullJob.moveToWait(token);
        throw new WaitingError();
      }
    } catch (err) {
      if (err instanceof WaitingError) throw err;
      // The last allowed attempt: fail for good, whatever BullMQ's own count of failures says.
      if (job.attempt >= job.maxAttempts) throw new UnrecoverableError(errorMessage(err));
      throw err instanceof Error ? err : new Error(errorMessage(err));
    } finally {
      this.running.delete(token);
    }
  }
}
