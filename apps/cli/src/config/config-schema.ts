import { invictiWebhookConfigSchema } from '@scanrelay/core';
import { destinationConfigSchema } from '@scanrelay/sinks';
import { z } from 'zod';
import { SAST_ENV_SETTINGS, sastSettingsSchema } from './sast-settings.js';
import { commaList, flag } from './setting-types.js';

const MiB = 1024 * 1024;
const port = z.coerce.number().int().min(0).max(65535);
const bytes = z.coerce.number().int().positive();
/**
 * Core's Invicti webhook config, with unknown keys refused, lists readable from the environment and
 * the descriptions of the configuration reference (docs/configuration.md).
 */
const hook = invictiWebhookConfigSchema.shape;
const workflow = hook.workflow.unwrap().shape;
const invictiWebhookSchema = invictiWebhookConfigSchema
  .extend({
    tokens: commaList(hook.tokens.unwrap())
      .default([])
      .describe(
        'Bearer tokens accepted on POST /api/v1/webhooks/invicti-scan-complete (at least 16 characters each; several for rotation). Setting a token or a secret enables the webhook',
      ),
    secrets: commaList(hook.secrets.unwrap())
      .default([])
      .describe(
        'HMAC secrets accepted on the webhook (scanrelay signature scheme; at least 16 characters each; several for rotation)',
      ),
    mode: hook.mode.describe(
      '`worker`: a fetch-invicti-issues job fetches the issues (needs invicti.userId and invicti.apiToken where the worker runs); `workflow`: the fetch-invicti-results workflow is dispatched on GitHub (needs github.token and webhooks.invicti.workflow)',
    ),
    tenant: hook.tenant.describe('The tenant whose data the fetched issues become'),
    project: hook.project.describe(
      'The project the issues are filed under when the delivery does not name one',
    ),
    pollAfterMs: hook.pollAfterMs.describe(
      "A scan still unfinished this long (ms) after its last change (registered without a completion, or whose fetch failed for good) is checked by the worker's sweep, which polls Invicti and fetches the issues once the scan is done",
    ),
    sweepIntervalMs: hook.sweepIntervalMs.describe(
      'How often (ms) the worker runs that sweep; 0 turns it off',
    ),
    workflow: hook.workflow
      .unwrap()
      .extend({
        owner: workflow.owner.describe("Owner (user or organisation) of the workflow's repository"),
        repo: workflow.repo.describe("The workflow's repository"),
        workflow: workflow.workflow.describe('The workflow file that fetches and posts the results'),
        ref: workflow.ref.describe('The branch or tag the workflow runs on'),
      })
      .strict()
      .optional()
      .describe('For mode `workflow`: the GitHub workflow that is dispatched'),
  })
  .strict()
  .describe('The Invicti completion webhook');

/**
 * Every setting the CLI reads, with its default. Sources, lowest first: these defaults, the config
 * file (`scanrelay.config.yaml` or `--config`), the environment, flags.
 */
export const cliConfigSchema = z.strictObject({
  apiUrl: z
    .url({ protocol: /^https?$/ })
    .default('http://127.0.0.1:8787')
    .describe('The scanrelay API that the client commands (upload, status, gate, …) talk to'),
  apiKey: z
    .string()
    .min(1)
    .optional()
    .describe('API key of the client commands (`sr_…`; an admin creates one with `scanrelay keys create`)'),
  server: z
    .strictObject({
      port: port.default(8787).describe('Port the API listens on; 0 picks a free one'),
      host: z
        .string()
        .min(1)
        .default('127.0.0.1')
        .describe('Address the API listens on; `0.0.0.0` for every interface (in a container)'),
      dataDir: z
        .string()
        .min(1)
        .default('./data')
        .describe(
          'Uploads wait here for a worker (share it between API and workers); the SQLite database and the embedded queue live here too unless databaseUrl and redisUrl are set',
        ),
      databaseUrl: z
        .string()
        .min(1)
        .optional()
        .describe(
          '`postgres://USER:PASSWORD@HOST:5432/DB` for PostgreSQL (without a user name, PGUSER or the operating-system user, as libpq), or `file:PATH` for SQLite; default `file:<dataDir>/scanrelay.db`',
        ),
      databaseSchema: z
        .string()
        .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'expected a lower-case SQL identifier')
        .optional()
        .describe(
          'PostgreSQL schema for the tables (created when absent), for a database shared with other applications; default the search_path (`public`)',
        ),
      redisUrl: z
        .url({ protocol: /^rediss?$/ })
        .optional()
        .describe('`redis://…` or `rediss://…`: queue jobs in Redis (BullMQ) instead of the embedded queue'),
      queuePrefix: z
        .string()
        .regex(/^[A-Za-z0-9_:-]{1,64}$/, 'expected letters, digits, _ : -')
        .default('scanrelay')
        .describe('Prefix of every BullMQ key, to share one Redis with other applications or environments'),
      workerLeaseMs: z.coerce
        .number()
        .int()
        .min(1000)
        .max(3_600_000)
        .default(60_000)
        .describe('A job whose worker died runs again after this lease (milliseconds) expires'),
      logLevel: z
        .enum(['debug', 'info', 'warn', 'error'])
        .default('info')
        .describe('Lowest level of the JSON log lines on stderr'),
      workerConcurrency: z.coerce
        .number()
        .int()
        .min(1)
        .max(64)
        .default(2)
        .describe('Jobs one worker runs at once'),
      metricsPort: port
        .optional()
        .describe(
          'Serve GET /metrics on this separate port (bound to server.host) instead of the API port; default off',
        ),
      metricsToken: z
        .string()
        .min(16)
        .optional()
        .describe(
          'Bearer token that GET /metrics requires (API port, metrics port and worker port); without it and without metricsPort, the API port serves metrics to loopback callers only',
        ),
      workerHealthPort: port
        .optional()
        .describe(
          '`scanrelay worker` serves GET /health and GET /metrics on this port (bound to server.host); default off',
        ),
      limits: z
        .strictObject({
          uploadBytes: bytes.default(100 * MiB).describe('Largest report accepted by POST /api/v1/upload'),
          jsonBytes: bytes
            .default(20 * MiB)
            .describe('Largest JSON body (POST /api/v1/findings and other JSON routes)'),
          webhookBytes: bytes.default(256 * 1024).describe('Largest webhook body'),
        })
        .prefault({})
        .describe('Request size limits, in bytes'),
    })
    .prefault({})
    .describe('The service: `scanrelay serve` (API and worker in one process) and `scanrelay worker`'),
  invicti: z
    .strictObject({
      url: z
        .url({ protocol: /^https?$/ })
        .optional()
        .describe(
          'Invicti Enterprise host or API root (on-premises hosts and private addresses are allowed); default the US cloud, https://www.netsparkercloud.com',
        ),
      userId: z
        .string()
        .min(1)
        .optional()
        .describe(
          'Invicti user id (Your Settings > API Settings). The worker needs it, with apiToken, to fetch issues in webhook mode `worker`',
        ),
      apiToken: z.string().min(1).optional().describe("That user's API token"),
    })
    .prefault({})
    .describe('The Invicti Enterprise account the worker and the `invicti` commands use'),
  github: z
    .strictObject({
      token: z
        .string()
        .min(1)
        .optional()
        .describe(
          "A token with Actions: write (workflow_dispatch) or Contents: write (repository_dispatch) on the workflows' repository",
        ),
      apiUrl: z
        .url({ protocol: /^https?$/ })
        .default('https://api.github.com')
        .describe("GitHub's API, or GitHub Enterprise Server's (`https://HOST/api/v3`)"),
    })
    .prefault({})
    .describe(
      'GitHub, for webhook mode `workflow` (the results workflow is dispatched there) and SAST providers on a `github` backend',
    ),
  webhooks: z
    .strictObject({
      invicti: invictiWebhookSchema.prefault({}),
    })
    .prefault({})
    .describe('Inbound webhooks'),
  destinations: z
    .array(destinationConfigSchema)
    .default([])
    .describe(
      'Where findings are forwarded: a list of `{kind, name, …}` (kinds `phoenix`, `securecodebox`, `defectdojo`, `webhook`; the fields of each are in @scanrelay/sinks). An upload chooses among them by name; the `phoenix.*` settings create or override the one named `phoenix`',
    ),
  phoenix: z
    .strictObject({
      clientId: z
        .string()
        .min(1)
        .optional()
        .describe('Client id of the `phoenix` destination (Phoenix API credentials)'),
      clientSecret: z.string().min(1).optional().describe('Client secret of the `phoenix` destination'),
      apiUrl: z
        .url({ protocol: /^https?$/ })
        .optional()
        .describe('Phoenix API of the `phoenix` destination, e.g. https://api.demo.appsecphx.io'),
    })
    .prefault({})
    .describe("The Phoenix client's variables: they create (or override) the destination named `phoenix`"),
  forwarding: z
    .strictObject({
      defaults: commaList(z.array(z.string().min(1)))
        .optional()
        .describe(
          'Destination names an upload (or an Invicti result) goes to when it names none; default every destination',
        ),
      maxAttempts: z.coerce
        .number()
        .int()
        .min(1)
        .max(100)
        .default(5)
        .describe(
          'Attempts per destination before its forward is dead-lettered (visible at GET /api/v1/forwards?status=dead)',
        ),
      retryBaseMs: z.coerce
        .number()
        .int()
        .min(0)
        .default(30_000)
        .describe('Delay (ms) before the second attempt of a failed forward; doubled each time'),
      retryMaxMs: z.coerce
        .number()
        .int()
        .min(0)
        .default(3_600_000)
        .describe('Longest delay (ms) between two attempts of a forward'),
    })
    .prefault({})
    .describe('How findings are forwarded to destinations'),
  secrets: z
    .strictObject({
      key: z
        .string()
        .min(1)
        .optional()
        .describe(
          'AES-256-GCM key (64 hex digits or base64 of 32 bytes) that encrypts the credentials an upload sends, for as long as its forwards need them; default a key generated once into `<dataDir>/secrets.key` (give every API and worker the same key)',
        ),
    })
    .prefault({})
    .describe('Encryption of stored credentials'),
  outbound: z
    .strictObject({
      allowPrivateUrls: flag
        .default(false)
        .describe(
          'Allow URLs that API callers supply (destinations, callbacks, repositories) to reach private, loopback and link-local addresses. The operator-set Invicti and GitHub URLs are not concerned',
        ),
      allowHttp: flag
        .default(false)
        .describe('Allow http:// besides https:// in URLs that API callers supply'),
    })
    .prefault({})
    .describe('Rules for URLs that API callers supply (see @scanrelay/outbound)'),
  sast: sastSettingsSchema,
});
export type CliConfig = z.infer<typeof cliConfigSchema>;

/** Environment variables and the setting each one fills. */
export const ENV_SETTINGS: Readonly<Record<string, string>> = {
  // The Phoenix scanner client's names for the service and its key: read first, so that
  // SCANRELAY_API_URL and SCANRELAY_API_KEY win when both are set.
  PHOENIX_SCANNER_API_URL: 'apiUrl',
  PHOENIX_SCANNER_API_KEY: 'apiKey',
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
  SCANRELAY_METRICS_PORT: 'server.metricsPort',
  SCANRELAY_METRICS_TOKEN: 'server.metricsToken',
  SCANRELAY_WORKER_HEALTH_PORT: 'server.workerHealthPort',
  SCANRELAY_UPLOAD_LIMIT_BYTES: 'server.limits.uploadBytes',
  SCANRELAY_INVICTI_URL: 'invicti.url',
  SCANRELAY_INVICTI_USER_ID: 'invicti.userId',
  SCANRELAY_INVICTI_API_TOKEN: 'invicti.apiToken',
  SCANRELAY_INVICTI_WEBHOOK_TOKENS: 'webhooks.invicti.tokens',
  SCANRELAY_INVICTI_WEBHOOK_SECRETS: 'webhooks.invicti.secrets',
  SCANRELAY_INVICTI_WEBHOOK_MODE: 'webhooks.invicti.mode',
  SCANRELAY_INVICTI_WEBHOOK_TENANT: 'webhooks.invicti.tenant',
  SCANRELAY_INVICTI_WEBHOOK_PROJECT: 'webhooks.invicti.project',
  SCANRELAY_INVICTI_POLL_AFTER_MS: 'webhooks.invicti.pollAfterMs',
  SCANRELAY_INVICTI_SWEEP_INTERVAL_MS: 'webhooks.invicti.sweepIntervalMs',
  SCANRELAY_GITHUB_TOKEN: 'github.token',
  SCANRELAY_GITHUB_API_URL: 'github.apiUrl',
  SCANRELAY_ALLOW_PRIVATE_URLS: 'outbound.allowPrivateUrls',
  SCANRELAY_ALLOW_HTTP_URLS: 'outbound.allowHttp',
  PHOENIX_CLIENT_ID: 'phoenix.clientId',
  PHOENIX_CLIENT_SECRET: 'phoenix.clientSecret',
  PHOENIX_API_URL: 'phoenix.apiUrl',
  SCANRELAY_DEFAULT_DESTINATIONS: 'forwarding.defaults',
  SCANRELAY_FORWARD_MAX_ATTEMPTS: 'forwarding.maxAttempts',
  SCANRELAY_SECRETS_KEY: 'secrets.key',
  ...SAST_ENV_SETTINGS,
};
