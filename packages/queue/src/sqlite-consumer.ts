import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { backoffDelay } from './backoff.js';
import type { ResolvedConsumeOptions } from './options.js';
import { errorMessage, QueueError } from './queue-error.js';
import type { SqliteGroupCommit } from './sqlite-group-commit.js';
import type { SqliteJobStore } from './sqlite-store.js';
import type { Consumer, Job, JobHandler } from './types.js';
import { settledWithin, Waker } from './waker.js';

interface Running {
  job: Job;
  owner: string;
  controller: AbortController;
  renewal: NodeJS.Timeout;
  released: boolean;
  done: Promise<void>;
}

export interface SqliteConsumerDeps {
  store: SqliteJobStore;
  /** Completions and failures are group-committed with the other writes of the same moment. */
  group: SqliteGroupCommit;
  queue: string;
  handler: JobHandler<unknown>;
  options: ResolvedConsumeOptions;
  onError: (err: unknown) => void;
  random: () => number;
  onClosed: () => void;
}

/**
 * Polls the jobs table, runs up to `concurrency` handlers, renews each lease at a third of its
 * length, and records the outcome only while it still holds the lease (a job another worker took
 * over after an expired lease is left to that worker).
 */
export class SqliteConsumer implements Consumer {
  private readonly id = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly running = new Map<string, Running>();
  private readonly waker = new Waker();
  private claims = 0;
  private closing = false;
  private closed: Promise<void> | undefined;
  private readonly loop: Promise<void>;

  constructor(private readonly deps: SqliteConsumerDeps) {
    this.loop = this.run();
  }

  /** Called when a job is enqueued in this process: look now rather than at the next poll. */
  wake(): void {
    this.waker.wake();
  }

  close(timeoutMs = 30_000): Promise<void> {
    this.closed ??= this.shutdown(timeoutMs);
    return this.closed;
  }

  private async shutdown(timeoutMs: number): Promise<void> {
    this.closing = true;
    this.waker.wake();
    await this.loop;
    const finished = await settledWithin(
      [...this.running.values()].map((r) => r.done),
      timeoutMs,
    );
    if (!finished) {
      for (const r of this.running.values()) this.release(r);
    }
    this.deps.onClosed();
  }

  private release(r: Running): void {
    r.released = true;
    clearInterval(r.renewal);
    this.running.delete(r.owner);
    r.controller.abort(new QueueError('LEASE_RELEASED', `consumer closed before job ${r.job.id} finished`));
    try {
      this.deps.store.release(this.deps.queue, r.job.id, r.owner);
    } catch (err) {
      this.deps.onError(err);
    }
  }

  private async run(): Promise<void> {
    const { store, queue, options } = this.deps;
    while (!this.closing) {
      if (this.running.size >= options.concurrency) {
        await this.waker.sleep(options.pollMs);
        continue;
      }
      let waitMs = options.pollMs;
      try {
        const owner = `${this.id}/${++this.claims}`;
        const claimed = store.claim(queue, owner, options.leaseMs, options.rateLimit);
        if (claimed.job) {
          this.start(claimed.job, claimed.owner);
          continue;
        }
        if (claimed.waitMs !== undefined) waitMs = claimed.waitMs;
      } catch (err) {
        this.deps.onError(err);
      }
      await this.waker.sleep(waitMs);
    }
  }

  private start(job: Job, owner: string): void {
    const { store, queue, options } = this.deps;
    const controller = new AbortController();
    const renew = (): boolean => {
      if (controller.signal.aborted) return false;
      if (store.renew(queue, job.id, owner, options.leaseMs)) return true;
      controller.abort(new QueueError('LEASE_LOST', `the lease on job ${job.id} expired and was taken over`));
      return false;
    };
    const renewal = setInterval(
      () => {
        try {
          if (!renew()) clearInterval(renewal);
        } catch (err) {
          this.deps.onError(err);
        }
      },
      Math.max(10, Math.floor(options.leaseMs / 3)),
    );
    const entry: Running = { job, owner, controller, renewal, released: false, done: Promise.resolve() };
    const ctx = {
      signal: controller.signal,
      extendLease: async () => {
        if (!renew()) throw new QueueError('LEASE_LOST', `the lease on job ${job.id} is no longer held`);
      },
    };
    entry.done = Promise.resolve()
      .then(() => this.deps.handler(job, ctx))
      .then(
        () => this.settle(entry, () => store.complete(queue, job.id, owner)),
        (err: unknown) => {
          const retryIn = backoffDelay(job.attempt, options.backoff, this.deps.random);
          return this.settle(entry, () => store.fail(queue, job, owner, errorMessage(err), retryIn));
        },
      )
      .finally(() => {
        clearInterval(renewal);
        this.running.delete(owner);
        this.waker.wake();
      });
    this.running.set(owner, entry);
  }

  private async settle(entry: Running, write: () => boolean): Promise<void> {
    if (entry.released) return;
    try {
      if (!(await this.deps.group.run(() => !entry.released && write()))) {
        if (entry.released) return;
        const msg = `job ${entry.job.id} finished after its lease was lost; its result was not recorded`;
        this.deps.onError(new QueueError('LEASE_LOST', msg));
      }
    } catch (err) {
      this.deps.onError(err);
    }
  }
}
