import { z } from 'zod';

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
