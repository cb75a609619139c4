import { z } from 'zod';
import { pageSchema } from './page.js';

export const FORWARD_STATUSES = ['pending', 'running', 'done', 'failed', 'dead'] as const;
/** `failed`: the last attempt failed, another is due at `nextAttemptAt`; `dead`: no more attempts. */
export const forwardStatusSchema = z.enum(FORWARD_STATUSES);
export type ForwardStatus = z.infer<typeof forwardStatusSchema>;

/**
 * One destination's share of a scan: never any credential (the upload's are kept sealed, and only
 * while the forward needs them).
 */
export const forwardSchema = z
  .object({
    id: z.string(),
    scanId: z.string(),
    destination: z.string().meta({ example: 'phoenix' }),
    kind: z.string().meta({ example: 'phoenix' }),
    status: forwardStatusSchema,
    attempts: z.number().int(),
    /** Findings the destination accepted. */
    sent: z.number().int(),
    /** Requests the destination accepted. */
    batches: z.number().int(),
    /** Ids the destination gave back (Phoenix import ids, DefectDojo test id, webhook message ids). */
    remoteIds: z.array(z.string()),
    warnings: z.array(z.string()),
    /** The last attempt's error, credentials redacted. */
    lastError: z.string().optional(),
    nextAttemptAt: z.string().optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
    finishedAt: z.string().optional(),
  })
  .meta({ id: 'Forward' });
export type Forward = z.infer<typeof forwardSchema>;

export const forwardListSchema = z.object({ items: z.array(forwardSchema) }).meta({ id: 'ForwardList' });
export type ForwardList = z.infer<typeof forwardListSchema>;

export const forwardPageSchema = pageSchema(forwardSchema).meta({ id: 'ForwardPage' });
export type ForwardPage = z.infer<typeof forwardPageSchema>;

/** `POST /api/v1/scans/{id}/forward`: the destinations to send a stored scan to (absent: the defaults). */
export const forwardRequestSchema = z
  .object({
    destinations: z.array(z.string().trim().min(1).max(100)).min(1).max(50).optional(),
  })
  .strict()
  .meta({ id: 'ForwardRequest' });
export type ForwardRequest = z.infer<typeof forwardRequestSchema>;
