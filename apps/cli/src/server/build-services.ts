import { type ApiConfigInput, createJsonLogger, type Logger } from '@scanrelay/api';
import type { InvictiClientOptions } from '@scanrelay/invicti-client';
import type { CliConfig } from '../config/index.js';

/** The API's configuration from the CLI's. */
export function apiConfigFrom(config: CliConfig, dataDir: string): ApiConfigInput {
  return { dataDir, limits: config.server.limits, invictiWebhook: config.webhooks.invicti };
}

/** The worker's Invicti connection, when one is configured. */
export function invictiOptionsFrom(config: CliConfig): InvictiClientOptions | undefined {
  const { url, userId, apiToken } = config.invicti;
  if (!userId || !apiToken) return undefined;
  return { baseUrl: url, userId, apiToken };
}

export function serverLogger(config: CliConfig, name: string): Logger {
  return createJsonLogger({ level: config.server.logLevel, name });
}
