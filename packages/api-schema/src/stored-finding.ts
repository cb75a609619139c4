import { findingSchema, severitySchema } from '@scanrelay/findings-schema';
import { z } from 'zod';
import { pageSchema } from './page.js';

/** Where a finding stands across imports; `fixed` when a later full import no longer reports it. */
export const FINDING_STATUSES = ['open', 'fixed', 'false-positive', 'accepted-risk', 'duplicate'] as const;
export const findingStatusSchema = z.enum(FINDING_STATUSES);
export type FindingStatus = z.infer<typeof findingStatusSchema>;

/** A deduplicated finding of a project: the canonical Finding with its history across scans. */
export const storedFindingSchema = z
  .object({
    id: z.string(),
    fingerprint: z.string(),
    tool: z.string(),
    scanner: z.string(),
    ruleId: z.string(),
    severity: severitySchema,
    status: findingStatusSchema,
    occurrences: z.number().int(),
    firstSeenAt: z.string(),
    lastSeenAt: z.string(),
    firstScanId: z.string(),
    lastScanId: z.string(),
    fixedAt: z.string().optional(),
    finding: findingSchema,
  })
  .meta({ id: 'StoredFinding' });
export type StoredFinding = z.infer<typeof storedFindingSchema>;

export const findingPageSchema = pageSchema(storedFindingSchema).meta({ id: 'FindingPage' });
export type FindingPage = z.infer<typeof findingPageSchema>;
