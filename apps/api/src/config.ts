import { z } from 'zod';

const MiB = 1024 * 1024;

/** Where `invicti-scan-complete` sends the work: the in-process worker, or a GitHub workflow. */
export const invictiWebhookConfigSchema = z.object({
  /** Bearer tokens accepted on the webhook (several, for rotation). */
  tokens: z.array(z.string().min(16, 'a webhook token needs at least 16 characters')).default([]),
  /** HMAC secrets accepted on the webhook (scanrelay signature scheme; several, for rotation). */
  secrets: z.array(z.string().min(16, 'a webhook secret needs at least 16 characters')).default([]),
  /** `worker` enqueues fetch-invicti-issues; `workflow` dispatches the fetch-invicti-results workflow. */
  mode: z.enum(['worker', 'workflow']).default('worker'),
  /** The tenant whose data the fetched issues become. */
  tenant: z.string().min(1).default('default'),
  /** The project the issues are filed under when the trigger does not name one. */
  project: z.string().min(1).default('invicti'),
  workflow: z
    .object({
      owner: z.string().min(1),
      repo: z.string().min(1),
      workflow: z.string().min(1).default('fetch-invicti-results.yml'),
      ref: z.string().min(1).default('main'),
    })
    .optional(),
});
export type InvictiWebhookConfig = z.infer<typeof invictiWebhookConfigSchema>;

/** Everything the API reads from configuration; the CLI builds it from file, environment and flags. */
export const apiConfigSchema = z.object({
  /** Reported by health and the OpenAPI document. */
  version: z.string().default('0.1.0'),
  /** Uploads are streamed to `<dataDir>/uploads` until a worker has ingested them. */
  dataDir: z.string().min(1),
  limits: z
    .object({
      /** Largest report accepted by `POST /api/v1/upload`. */
      uploadBytes: z
        .number()
        .int()
        .positive()
        .default(100 * MiB),
      /** Largest JSON body (findings ingestion). */
      jsonBytes: z
        .number()
        .int()
        .positive()
        .default(20 * MiB),
      /** Largest webhook body. */
      webhookBytes: z
        .number()
        .int()
        .positive()
        .default(256 * 1024),
    })
    .prefault({}),
  /** The queue jobs go to. */
  queueName: z.string().min(1).default('scanrelay'),
  /** How often a log stream looks for new lines. */
  logPollMs: z.number().int().positive().default(250),
  invictiWebhook: invictiWebhookConfigSchema.prefault({}),
});
export type ApiConfig = z.infer<typeof apiConfigSchema>;
export type ApiConfigInput = z.input<typeof apiConfigSchema>;
