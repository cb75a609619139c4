import path from 'node:path';
import { createJobHandlers, type Logger, silentLogger, type WorkerMetrics } from '@scanrelay/core';
import type { InvictiClient, InvictiClientOptions } from '@scanrelay/invicti-client';
import { createInvictiClient } from '@scanrelay/invicti-client';
import type { Consumer, Queue } from '@scanrelay/queue';
import type { Store } from '@scanrelay/storage';
import { runJob } from './run-job.js';

export interface WorkerDeps {
  store: Store;
  queue: Queue;
  /** Uploads are read from `<dataDir>/uploads` (shared with the API). */
  dataDir: string;
  /** An Invicti client, a factory, or the options to build one; without it fetch-invicti-issues fails. */
  invicti?: InvictiClient | (() => InvictiClient) | InvictiClientOptions;
  logger?: Logger;
  metrics?: WorkerMetrics;
  /** Jobs at once in this process; default 2. */
  concurrency?: number;
  /** Default `scanrelay` (the API's `queueName`). */
  queueName?: string;
  /** Queue lease; a job whose worker died runs again after it. Default 30 s. */
  leaseMs?: number;
  /** Retry backoff; default the queue's. */
  backoff?: { baseMs: number; maxMs: number };
  /** How often an idle embedded consumer polls; default the queue's. */
  pollMs?: number;
}

export interface ScanrelayWorker {
  /** Starts consuming; idempotent. */
  start(): void;
  /** Stops taking jobs and waits for running ones up to `timeoutMs` (default 30 s), then releases them. */
  close(timeoutMs?: number): Promise<void>;
}

/**
 * The queue consumer: runs core's job handlers (`process-upload`, `fetch-invicti-issues`) with leases,
 * concurrency, a log per job and metrics.
 */
export function createWorker(deps: WorkerDeps): ScanrelayWorker {
  const logger = deps.logger ?? silentLogger;
  const handlers = createJobHandlers({ invicti: invictiFactory(deps.invicti) });
  const runDeps = {
    store: deps.store,
    logger,
    metrics: deps.metrics,
    uploadsDir: path.join(deps.dataDir, 'uploads'),
    handlers,
  };
  let consumer: Consumer | undefined;
  return {
    start() {
      consumer ??= deps.queue.consume(
        deps.queueName ?? 'scanrelay',
        (job, ctx) => runJob(runDeps, job, ctx),
        {
          concurrency: deps.concurrency ?? 2,
          leaseMs: deps.leaseMs,
          backoff: deps.backoff,
          pollMs: deps.pollMs,
        },
      );
      logger.info('worker started', {
        queue: deps.queueName ?? 'scanrelay',
        driver: deps.queue.driver,
        concurrency: deps.concurrency ?? 2,
      });
    },
    async close(timeoutMs = 30_000) {
      const c = consumer;
      consumer = undefined;
      await c?.close(timeoutMs);
    },
  };
}

function invictiFactory(option: WorkerDeps['invicti']): (() => InvictiClient) | undefined {
  if (!option) return undefined;
  if (typeof option === 'function') return option;
  if ('listIssues' in option) return () => option;
  let client: InvictiClient | undefined;
  return () => {
    client ??= createInvictiClient(option);
    return client;
  };
}
