import { z } from 'zod';
import { findingStatusSchema } from './stored-finding.js';

/** One status change of a finding: who (`key:<prefix>`, or `scanrelay` for an expiry), when, from, to, why. */
export const findingHistoryEntrySchema = z
  .object({
    at: z.string().meta({ example: '2026-12-04T10:00:00.000Z' }),
    actor: z.string().meta({ example: 'key:sr_AbCdEfGhI' }),
    from: findingStatusSchema,
    to: findingStatusSchema,
    reason: z.string().optional(),
    /** For a change to accepted risk: when the acceptance ends. */
    acceptedUntil: z.string().optional(),
  })
  .meta({ id: 'FindingHistoryEntry' });
export type FindingHistoryEntry = z.infer<typeof findingHistoryEntrySchema>;

/** `GET /api/v1/findings/{id}/history`: every status change, oldest first. */
export const findingHistorySchema = z
  .object({ items: z.array(findingHistoryEntrySchema) })
  .meta({ id: 'FindingHistory' });
export type FindingHistory = z.infer<typeof findingHistorySchema>;
