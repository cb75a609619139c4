/** A job as a handler and the API see it. `data` is JSON. */
export interface Job<T = unknown> {
  id: string;
  queue: string;
  name: string;
  data: T;
  /** 1 on the first run. */
  attempt: number;
  maxAttempts: number;
  state: JobState;
  lastError?: string;
  createdAt: string;
  runAt: string;
  finishedAt?: string;
}

export type JobState = 'waiting' | 'delayed' | 'active' | 'completed' | 'failed' | 'dead';

export interface EnqueueOptions {
  /** Idempotency: enqueueing an existing id returns the existing job and adds nothing. */
  jobId?: string;
  /** Milliseconds before the job may run. */
  delayMs?: number;
  /** Lower runs first; default 0. */
  priority?: number;
  /** Default 5. After the last failure the job is dead (dead-letter) with its last error. */
  maxAttempts?: number;
}

export interface HandlerContext {
  /** Aborted when the lease is lost or the consumer is closing without waiting. */
  signal: AbortSignal;
  /** Extends the lease now; also renewed automatically while the handler runs. */
  extendLease(): Promise<void>;
}

export type JobHandler<T = unknown> = (job: Job<T>, ctx: HandlerContext) => Promise<void>;

export interface ConsumeOptions {
  /** Jobs run at once by this consumer; default 1. */
  concurrency?: number;
  /** Lease length in ms; renewed at a third of it while the handler runs. Default 30 000. */
  leaseMs?: number;
  /** Retry backoff: base * 2^(attempt-1), capped, with full jitter. */
  backoff?: { baseMs: number; maxMs: number };
  /** At most `max` job starts per `perMs` for this queue. */
  rateLimit?: { max: number; perMs: number };
  /** How often an idle embedded consumer looks for work; default 200 ms. */
  pollMs?: number;
}

export interface Consumer {
  /** Stops taking jobs; waits for running handlers up to `timeoutMs`, then releases their leases. */
  close(timeoutMs?: number): Promise<void>;
}

/** One interface over the embedded SQLite driver and the BullMQ driver. */
export interface Queue {
  readonly driver: 'sqlite' | 'bullmq';
  enqueue<T>(queue: string, name: string, data: T, opts?: EnqueueOptions): Promise<Job<T>>;
  consume<T>(queue: string, handler: JobHandler<T>, opts?: ConsumeOptions): Consumer;
  getJob(queue: string, id: string): Promise<Job | undefined>;
  /** Counts per state, for health and metrics. */
  counts(queue: string): Promise<Record<JobState, number>>;
  /** Jobs in the dead-letter state, newest first. */
  listDead(queue: string, limit?: number): Promise<Job[]>;
  /** Moves a dead job back to waiting with its attempts reset. */
  retryDead(queue: string, id: string): Promise<boolean>;
  /** True when the backend answers. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
