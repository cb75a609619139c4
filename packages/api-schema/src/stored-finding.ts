import { FINDING_STATUSES, findingSchema, severitySchema } from '@scanrelay/findings-schema';
import { z } from 'zod';
import { pageSchema } from './page.js';

export { FINDING_STATUSES, type FindingStatus } from '@scanrelay/findings-schema';

/** Where a finding stands across imports (`FINDING_STATUSES`). */
export const findingStatusSchema = z.enum(FINDING_STATUSES);

/** A person's triage decision on a finding: why, who (`key:<prefix>`), when, and until when for accepted risk. */
export const findingTriageSchema = z
  .object({
    reason: z.string().optional(),
    by: z.string().meta({ example: 'key:sr_AbCdEfGhI' }),
    at: z.string(),
    acceptedUntil: z.string().optional(),
  })
  .meta({ id: 'FindingTriage' });
export type FindingTriage = z.infer<typeof findingTriageSchema>;

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
    /** Present while the finding is a false positive or an accepted risk. */
    triage: findingTriageSchema.optional(),
    finding: findingSchema,
  })
  .meta({ id: 'StoredFinding' });
export type StoredFinding = z.infer<typeof storedFindingSchema>;

export const findingPageSchema = pageSchema(storedFindingSchema).meta({ id: 'FindingPage' });
export type FindingPage = z.infer<typeof findingPageSchema>;
