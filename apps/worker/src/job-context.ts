import type { HandlerContext } from '@scanrelay/queue';
import type { JobLogLevel, JobRecord, Store } from '@scanrelay/storage';
import type { Logger, WorkerMetrics } from './logger.js';

/** What a handler gets: its job record, a log that the API streams, and the queue's signal/lease. */
export interface JobContext {
  job: JobRecord;
  store: Store;
  logger: Logger;
  metrics?: WorkerMetrics;
  /** The directory uploads wait in. */
  uploadsDir: string;
  queue: HandlerContext;
  /** Appends a line to the job's log (what `GET /api/v1/jobs/:id/logs` streams). */
  log(message: string, level?: JobLogLevel): Promise<void>;
  /** Records progress (0–100). */
  progress(percent: number): Promise<void>;
}

export type JobHandlerFn = (ctx: JobContext) => Promise<Record<string, unknown>>;
