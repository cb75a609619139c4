import { invictiWebhookConfigSchema, sastConfigSchema } from '@scanrelay/core';
import { z } from 'zod';
import { API_VERSION } from './api-version.js';

export { type InvictiWebhookConfig, invictiWebhookConfigSchema } from '@scanrelay/core';

const MiB = 1024 * 1024;

/** Everything the API reads from configuration; the CLI builds it from file, environment and flags. */
export const apiConfigSchema = z.object({
  /** Reported by health and the OpenAPI document. */
  version: z.string().default(API_VERSION),
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
      /** Largest scan result posted to `POST /api/v1/webhooks/scan-results` (it carries every finding). */
      scanResultBytes: z
        .number()
        .int()
        .positive()
        .default(20 * MiB),
    })
    .prefault({}),
  /** The queue jobs go to. */
  queueName: z.string().min(1).default('scanrelay'),
  /** How often a log stream looks for new lines. */
  logPollMs: z.number().int().positive().default(250),
  invictiWebhook: invictiWebhookConfigSchema.prefault({}),
  /** External SAST on publish: providers and their backends, callback secrets, limits, attestation keys. */
  sast: sastConfigSchema.prefault({}),
  /**
   * Rules for every URL an API caller supplies (destinations, callbacks, repositories): routes check
   * them with @scanrelay/outbound under this policy. The CLI fills it from `outbound.*`.
   */
  outbound: z
    .object({
      /** SCANRELAY_ALLOW_PRIVATE_URLS: private, loopback and link-local addresses allowed. */
      allowPrivateUrls: z.boolean().default(false),
      /** SCANRELAY_ALLOW_HTTP_URLS: http:// allowed besides https://. */
      allowHttp: z.boolean().default(false),
    })
    .prefault({}),
});
export type ApiConfig = z.infer<typeof apiConfigSchema>;
export type ApiConfigInput = z.input<typeof apiConfigSchema>;
