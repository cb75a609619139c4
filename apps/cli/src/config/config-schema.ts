import { invictiWebhookConfigSchema } from '@scanrelay/core';
import { z } from 'zod';

const MiB = 1024 * 1024;
const port = z.coerce.number().int().min(0).max(65535);
const bytes = z.coerce.number().int().positive();
/** A list that the environment gives as one comma-separated string. */
const commaList = <T extends z.ZodType>(schema: T) =>
  z.preprocess(
    (v) =>
      typeof v === 'string'
        ? v
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : v,
    schema,
  );

/** Core's Invicti webhook config, with unknown keys refused and lists readable from the environment. */
const hook = invictiWebhookConfigSchema.shape;
const invictiWebhookSchema = invictiWebhookConfigSchema
  .extend({
    tokens: commaList(hook.tokens.unwrap()).default([]),
    secrets: commaList(hook.secrets.unwrap()).default([]),
    workflow: hook.workflow.unwrap().strict().optional(),
  })
  .strict();

/**
 * Every setting the CLI reads, with its default. Sources, lowest first: these defaults, the config
 * file (`scanrelay.config.yaml` or `--config`), the environment, flags.
 */
export const cliConfigSchema = z.strictObject({
  /** The scanrelay API the client commands talk to. */
  apiUrl: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:8787'),
  apiKey: z.string().min(1).optional(),
  server: z
    .strictObject({
      port: port.default(8787),
      host: z.string().min(1).default('127.0.0.1'),
      /** SQLite database, embedded queue and uploads live here unless DATABASE_URL/REDIS_URL say otherwise. */
      dataDir: z.string().min(1).default('./data'),
      /** `postgres://…` (or `file:PATH`); default `file:<dataDir>/scanrelay.db`. */
      databaseUrl: z.string().min(1).optional(),
      /** PostgreSQL schema (created when absent) for a database shared with other apps. */
      databaseSchema: z
        .string()
        .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'expected a lower-case SQL identifier')
        .optional(),
      /** `redis://…`: use BullMQ instead of the embedded queue. */
      redisUrl: z.url({ protocol: /^rediss?$/ }).optional(),
      /** BullMQ key prefix, for a Redis shared with other apps. */
      queuePrefix: z
        .string()
        .regex(/^[A-Za-z0-9_:-]{1,64}$/, 'expected letters, digits, _ : -')
        .default('scanrelay'),
      /** A job whose worker died runs again after this lease expires. */
      workerLeaseMs: z.coerce.number().int().min(1000).max(3_600_000).default(60_000),
      logLevel: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
      workerConcurrency: z.coerce.number().int().min(1).max(64).default(2),
      limits: z
        .strictObject({
          uploadBytes: bytes.default(100 * MiB),
          jsonBytes: bytes.default(20 * MiB),
          webhookBytes: bytes.default(256 * 1024),
        })
        .prefault({}),
    })
    .prefault({}),
  invicti: z
    .strictObject({
      url: z.url({ protocol: /^https?$/ }).optional(),
      userId: z.string().min(1).optional(),
      apiToken: z.string().min(1).optional(),
    })
    .prefault({}),
  /** GitHub, for webhook mode `workflow` (the results workflow is dispatched there). */
  github: z
    .strictObject({
      /** A token with Actions: write on the workflow's repository. */
      token: z.string().min(1).optional(),
      /** `https://api.github.com`, or GitHub Enterprise Server's API URL. */
      apiUrl: z.url({ protocol: /^https?$/ }).default('https://api.github.com'),
    })
    .prefault({}),
  webhooks: z
    .strictObject({
      invicti: invictiWebhookSchema.prefault({}),
    })
    .prefault({}),
});
export type CliConfig = z.infer<typeof cliConfigSchema>;

/** Environment variables and the setting each one fills. */
export const ENV_SETTINGS: Readonly<Record<string, string>> = {
  SCANRELAY_API_URL: 'apiUrl',
  SCANRELAY_API_KEY: 'apiKey',
  SCANRELAY_PORT: 'server.port',
  SCANRELAY_HOST: 'server.host',
  SCANRELAY_DATA_DIR: 'server.dataDir',
  DATABASE_URL: 'server.databaseUrl',
  REDIS_URL: 'server.redisUrl',
  SCANRELAY_DATABASE_SCHEMA: 'server.databaseSchema',
  SCANRELAY_QUEUE_PREFIX: 'server.queuePrefix',
  SCANRELAY_WORKER_LEASE_MS: 'server.workerLeaseMs',
  SCANRELAY_LOG_LEVEL: 'server.logLevel',
  SCANRELAY_WORKER_CONCURRENCY: 'server.workerConcurrency',
  SCANRELAY_UPLOAD_LIMIT_BYTES: 'server.limits.uploadBytes',
  SCANRELAY_INVICTI_URL: 'invicti.url',
  SCANRELAY_INVICTI_USER_ID: 'invicti.userId',
  SCANRELAY_INVICTI_API_TOKEN: 'invicti.apiToken',
  SCANRELAY_INVICTI_WEBHOOK_TOKENS: 'webhooks.invicti.tokens',
  SCANRELAY_INVICTI_WEBHOOK_SECRETS: 'webhooks.invicti.secrets',
  SCANRELAY_INVICTI_WEBHOOK_MODE: 'webhooks.invicti.mode',
  SCANRELAY_GITHUB_TOKEN: 'github.token',
  SCANRELAY_GITHUB_API_URL: 'github.apiUrl',
};
