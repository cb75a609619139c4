import type { ApiConfigInput, MetricsAccess } from '@scanrelay/api';
import {
  createForwarding,
  createLogger,
  createSecretBox,
  type Forwarding,
  generateSecretsKey,
  type Logger,
  parseSecretsKey,
  type SastJobDeps,
} from '@scanrelay/core';
import type { InvictiClientOptions } from '@scanrelay/invicti-client';
import type { DestinationConfigInput } from '@scanrelay/sinks';
import { createWorker, type ScanrelayWorker, type WorkerDeps } from '@scanrelay/worker';
import type { CliConfig } from '../config/index.js';
import { keptSecret } from './data-dir-secret.js';
import type { Backends } from './open-backends.js';
import type { SastSecrets } from './sast-services.js';

/**
 * The API's configuration from the CLI's; `sast` with the callback secrets and attestation keys as
 * `sastSecretsFrom` filled them (the signing key stays with the workers).
 */
export function apiConfigFrom(config: CliConfig, dataDir: string, secrets: SastSecrets): ApiConfigInput {
  return {
    dataDir,
    limits: config.server.limits,
    invictiWebhook: config.webhooks.invicti,
    outbound: config.outbound,
    sast: {
      ...config.sast,
      signingKey: undefined,
      callbackSecrets: secrets.callbackSecrets,
      attestationKeys: secrets.attestationKeys,
    },
  };
}

/** The worker of `serve` and of `worker`, from the CLI's configuration. */
export function workerFrom(
  config: CliConfig,
  backends: Backends,
  services: {
    logger: Logger;
    metrics: WorkerDeps['metrics'];
    forwarding?: Forwarding;
    /** The local backend's `sast-scan` jobs: where and how they post their results. */
    sast?: SastJobDeps;
  },
): ScanrelayWorker {
  return createWorker({
    store: backends.store,
    queue: backends.queue,
    dataDir: backends.dataDir,
    invicti: invictiOptionsFrom(config),
    forwarding: services.forwarding ?? forwardingFrom(config, backends.dataDir, services.logger),
    logger: services.logger,
    metrics: services.metrics,
    sast: services.sast,
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
  return keptSecret(dataDir, 'secrets.key', () => `${generateSecretsKey()}\n`, logger, 'secrets key');
}
