import { z } from 'zod';

/** The worker's sweep of unfinished Invicti scans, by default: ask after 2 h, look every 5 min. */
export const INVICTI_SWEEP_DEFAULTS = { pollAfterMs: 2 * 3600_000, sweepIntervalMs: 5 * 60_000 } as const;

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
  /**
   * An Invicti scan still unfinished this long after its last change (registered without a completion,
   * or whose fetch failed for good) is checked by the worker's sweep: Invicti's state is polled and the
   * issues are fetched once the scan is done. Default 2 h.
   */
  pollAfterMs: z.coerce.number().int().min(60_000).default(INVICTI_SWEEP_DEFAULTS.pollAfterMs),
  /** How often the worker runs that sweep; 0 turns it off. Default 5 min. */
  sweepIntervalMs: z.coerce
    .number()
    .int()
    .refine((v) => v === 0 || v >= 10_000, 'expected 0 (off) or at least 10000 ms')
    .default(INVICTI_SWEEP_DEFAULTS.sweepIntervalMs),
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
