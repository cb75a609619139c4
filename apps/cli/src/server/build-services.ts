import type { ApiConfigInput, MetricsAccess } from '@scanrelay/api';
import { createLogger, type Logger } from '@scanrelay/core';
import type { InvictiClientOptions } from '@scanrelay/invicti-client';
import { createWorker, type ScanrelayWorker, type WorkerDeps } from '@scanrelay/worker';
import type { CliConfig } from '../config/index.js';
import type { Backends } from './open-backends.js';

/** The API's configuration from the CLI's. */
export function apiConfigFrom(config: CliConfig, dataDir: string): ApiConfigInput {
  return {
    dataDir,
    limits: config.server.limits,
    invictiWebhook: config.webhooks.invicti,
    outbound: config.outbound,
  };
}

/** The worker of `serve` and of `worker`, from the CLI's configuration. */
export function workerFrom(
  config: CliConfig,
  backends: Backends,
  services: { logger: Logger; metrics: WorkerDeps['metrics'] },
): ScanrelayWorker {
  return createWorker({
    store: backends.store,
    queue: backends.queue,
    dataDir: backends.dataDir,
    invicti: invictiOptionsFrom(config),
    logger: services.logger,
    metrics: services.metrics,
    concurrency: config.server.workerConcurrency,
    leaseMs: config.server.workerLeaseMs,
    invictiSweep: {
      pollAfterMs: config.webhooks.invicti.pollAfterMs,
      intervalMs: config.webhooks.invicti.sweepIntervalMs,
    },
  });
}

/** The worker's Invicti connection, when one is configured. */
function invictiOptionsFrom(config: CliConfig): InvictiClientOptions | undefined {
  const { url, userId, apiToken } = config.invicti;
  if (!userId || !apiToken) return undefined;
  return { baseUrl: url, userId, apiToken };
}

/** Core's structured logger (JSON lines on stderr, credentials redacted) at the configured level. */
export function serverLogger(config: CliConfig, name: string): Logger {
  return createLogger({ level: config.server.logLevel, name });
}

/**
 * Who reads `/metrics` on the API port: nobody when `server.metricsPort` moves it to its own
 * listener; token holders when `server.metricsToken` is set; else loopback callers only.
 */
export function metricsAccessFrom(config: CliConfig): MetricsAccess {
  return { token: config.server.metricsToken, onApiPort: config.server.metricsPort === undefined };
}
