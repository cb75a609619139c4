import path from 'node:path';
import {
  createForwardSender,
  createInvictiSweeper,
  createJobHandlers,
  createJobSender,
  FORWARD_MESSAGE,
  type Forwarding,
  type InvictiSweepReport,
  type Logger,
  type SastJobDeps,
  silentLogger,
  sweepUploads,
  type WorkerMetrics,
} from '@scanrelay/core';
import type { InvictiClient, InvictiClientOptions } from '@scanrelay/invicti-client';
import { createInvictiClient } from '@scanrelay/invicti-client';
import type { Consumer, Queue } from '@scanrelay/queue';
import type { Store } from '@scanrelay/storage';
import { runForwardMessage } from './run-forward-message.js';
import { runJob } from './run-job.js';

export interface WorkerDeps {
  store: Store;
  queue: Queue;
  /** Uploads are read from `<dataDir>/uploads` (shared with the API). */
  dataDir: string;
  /** An Invicti client, a factory, or the options to build one; without it fetch-invicti-issues fails. */
  invicti?: InvictiClient | (() => InvictiClient) | InvictiClientOptions;
  /** The service's destinations (core's `createForwarding`); without it nothing is forwarded. */
  forwarding?: Forwarding;
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
  /**
   * The sweep of unfinished Invicti scans (needs `invicti`): a scan unchanged for `pollAfterMs`
   * (default 2 h) is asked of Invicti and fetched once done, every `intervalMs` (default 5 min; 0: only
   * `sweepInvicti()`). `false` turns it off.
   */
  invictiSweep?: { pollAfterMs?: number; intervalMs?: number } | false;
  /**
   * The `sast-scan` jobs of providers on the `local` backend: the callback URL and secrets their signed
   * results are posted with, the attestation key, the outbound rules. Without a callback URL and a
   * secret those jobs fail, saying which is missing.
   */
  sast?: SastJobDeps;
}

export interface ScanrelayWorker {
  /** Starts consuming; idempotent. */
  start(): void;
  /** Stops taking jobs and waits for running ones up to `timeoutMs` (default 30 s), then releases them. */
  close(timeoutMs?: number): Promise<void>;
  /** One sweep of unfinished Invicti scans now; undefined without an Invicti client or with the sweep off. */
  sweepInvicti(): Promise<InvictiSweepReport | undefined>;
}

/**
 * The queue consumer: runs core's job handlers (`process-upload`, `fetch-invicti-issues`, `sast-scan`) and the
 * forward attempts (message `forward`) with leases, concurrency, a log per job and metrics.
 */
export function createWorker(deps: WorkerDeps): ScanrelayWorker {
  const logger = deps.logger ?? silentLogger;
  const invicti = invictiFactory(deps.invicti);
  const handlers = createJobHandlers({ invicti, sast: deps.sast });
  const sweeper =
    invicti && deps.invictiSweep !== false
      ? createInvictiSweeper({
          store: deps.store,
          send: createJobSender(deps.queue, deps.queueName ?? 'scanrelay'),
          invicti,
          logger,
          ...deps.invictiSweep,
        })
      : undefined;
  const send = createForwardSender(deps.queue, deps.queueName ?? 'scanrelay');
  const uploadsDir = path.join(deps.dataDir, 'uploads');
  const runDeps = {
    store: deps.store,
    logger,
    metrics: deps.metrics,
    uploadsDir,
    handlers,
    forward: deps.forwarding ? { forwarding: deps.forwarding, send } : undefined,
  };
  const forwardDeps = deps.forwarding
    ? { store: deps.store, forwarding: deps.forwarding, send, uploadsDir, logger }
    : undefined;
  let consumer: Consumer | undefined;
  let sweeping: Promise<void> | undefined;
  return {
    start() {
      consumer ??= deps.queue.consume(
        deps.queueName ?? 'scanrelay',
        // Forward attempts share the jobs' queue (leases, concurrency, drain) under their own message name.
        (job, ctx) =>
          job.name === FORWARD_MESSAGE
            ? forwardDeps
              ? runForwardMessage(forwardDeps, job, ctx)
              : Promise.resolve(
                  logger.warn('forward message on a worker without destinations: dropped', {
                    queueJobId: job.id,
                  }),
                )
            : runJob(runDeps, job, ctx),
        {
          concurrency: deps.concurrency ?? 2,
          leaseMs: deps.leaseMs,
          backoff: deps.backoff,
          pollMs: deps.pollMs,
        },
      );
      // Uploads whose job ended before they could be deleted, or that never got a job (API stopped).
      sweeping ??= sweepUploads({ store: deps.store, uploadsDir: runDeps.uploadsDir }).then(
        (removed) => {
          if (removed.length > 0) logger.info('deleted orphaned uploads', { count: removed.length });
        },
        (err: unknown) => logger.warn('could not sweep the upload directory', { error: String(err) }),
      );
      sweeper?.start();
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
      await sweeping;
      await sweeper?.close();
    },
    sweepInvicti: async () => sweeper?.runOnce(),
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
