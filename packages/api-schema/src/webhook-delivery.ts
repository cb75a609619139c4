import { z } from 'zod';
import { pageSchema } from './page.js';

const DELIVERY_OUTCOMES = ['pending', 'accepted', 'rejected', 'failed', 'replayed'] as const;

/**
 * A webhook delivery as admins read it (`GET /api/v1/webhooks/deliveries`): which sender (`source`),
 * its delivery id, what it was about (`subject`, e.g. the Invicti scan id) and what came of it.
 */
export const webhookDeliverySchema = z
  .object({
    source: z.string(),
    id: z.string(),
    receivedAt: z.string(),
    outcome: z.enum(DELIVERY_OUTCOMES),
    detail: z.string().optional(),
    subject: z.string().optional(),
  })
  .meta({ id: 'WebhookDelivery' });
export type WebhookDelivery = z.infer<typeof webhookDeliverySchema>;

export const webhookDeliveryPageSchema = pageSchema(webhookDeliverySchema).meta({
  id: 'WebhookDeliveryPage',
});
export type WebhookDeliveryPage = z.infer<typeof webhookDeliveryPageSchema>;
