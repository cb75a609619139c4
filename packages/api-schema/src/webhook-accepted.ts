import { z } from 'zod';

/** The 202 of `POST /api/v1/webhooks/invicti-scan-complete`; `duplicate` when the trigger was already recorded. */
export const webhookAcceptedSchema = z
  .object({
    accepted: z.boolean(),
    duplicate: z.boolean(),
    scanId: z.string(),
    deliveryId: z.string(),
    mode: z.enum(['worker', 'workflow']),
    jobId: z.string().optional(),
  })
  .meta({ id: 'WebhookAccepted' });
export type WebhookAccepted = z.infer<typeof webhookAcceptedSchema>;
