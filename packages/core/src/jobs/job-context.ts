import type { HandlerContext } from '@scanrelay/queue';
import type { JobLogLevel, JobRecord, Store } from '@scanrelay/storage/types';
import type { Forwarding } from '../forward/create-forwarding.js';
import type { SendForward } from '../forward/send-forward.js';
import type { Logger } from '../logger.js';
import type { WorkerMetrics } from '../metrics.js';

/** What a handler gets: its job record, a log that the API streams, and the queue's signal/lease. */
export interface JobContext {
  job: JobRecord;
  store: Store;
  logger: Logger;
  metrics?: WorkerMetrics;
  /** The directory uploads wait in. */
  uploadsDir: string;
  queue: HandlerContext;
  /** The service's destinations and the queue of forward attempts; without it nothing is forwarded. */
  forward?: { forwarding: Forwarding; send: SendForward };
  /** Appends a line to the job's log (what `GET /api/v1/jobs/:id/logs` streams). */
  log(message: string, level?: JobLogLevel): Promise<void>;
  /** Records progress (0–100). */
  progress(percent: number): Promise<void>;
}

/** Runs one job; its result is stored as the job's `result`. */
export type JobHandler = (ctx: JobContext) => Promise<Record<string, unknown>>;
