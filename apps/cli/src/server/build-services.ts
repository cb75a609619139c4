import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ApiConfigInput, MetricsAccess } from '@scanrelay/api';
import {
  createForwarding,
  createLogger,
  createSecretBox,
  type Forwarding,
  generateSecretsKey,
  type Logger,
  parseSecretsKey,
} from '@scanrelay/core';
import type { InvictiClientOptions } from '@scanrelay/invicti-client';
import type { DestinationConfigInput } from '@scanrelay/sinks';
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
  services: { logger: Logger; metrics: WorkerDeps['metrics']; forwarding?: Forwarding },
): ScanrelayWorker {
  return createWorker({
    store: backends.store,
    queue: backends.queue,
    dataDir: backends.dataDir,
    invicti: invictiOptionsFrom(config),
    forwarding: services.forwarding ?? forwardingFrom(config, backends.dataDir, services.logger),
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

/**
 * The destinations of `serve`, `worker` and the API: `destinations` with the `phoenix.*` settings
 * (PHOENIX_CLIENT_ID, PHOENIX_CLIENT_SECRET, PHOENIX_API_URL) over the one named `phoenix`, and the
 * secrets key that seals uploads' credentials.
 */
export function forwardingFrom(config: CliConfig, dataDir: string, logger?: Logger): Forwarding {
  const destinations: DestinationConfigInput[] = [...config.destinations];
  const { clientId, clientSecret, apiUrl } = config.phoenix;
  if (clientId || clientSecret || apiUrl) {
    const at = destinations.findIndex((d) => d.name === 'phoenix');
    const base = at >= 0 ? destinations[at] : { kind: 'phoenix' as const, name: 'phoenix' };
    const phoenix = {
      ...base,
      ...(clientId ? { clientId } : {}),
      ...(clientSecret ? { clientSecret } : {}),
      ...(apiUrl ? { apiUrl } : {}),
    } as DestinationConfigInput;
    if (at >= 0) destinations[at] = phoenix;
    else destinations.push(phoenix);
  }
  return createForwarding(
    { destinations, ...config.forwarding },
    {
      secrets: createSecretBox(parseSecretsKey(secretsKeyFrom(config, dataDir, logger))),
      outbound: config.outbound,
      log: logger && ((level, message, fields) => logger[level](message, fields)),
    },
  );
}

/** `secrets.key`, else the key kept in `<dataDir>/secrets.key` (generated, mode 0600, on first start). */
function secretsKeyFrom(config: CliConfig, dataDir: string, logger?: Logger): string {
  if (config.secrets.key) return config.secrets.key;
  const file = path.join(dataDir, 'secrets.key');
  if (existsSync(file)) return readFileSync(file, 'utf8');
  mkdirSync(dataDir, { recursive: true });
  try {
    writeFileSync(file, `${generateSecretsKey()}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
    logger?.info('generated the secrets key', { file });
  } catch (err) {
    // Another process starting at the same time wrote it first: use that one.
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return readFileSync(file, 'utf8');
}
