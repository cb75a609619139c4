import { severitySchema } from '@scanrelay/findings-schema';
import { z } from 'zod';
import { FINDING_SEARCH_MAX, findingLocationKindSchema } from './finding-query.js';
import { plainTextSchema } from './plain-text.js';
import { FINDING_STATUSES, type FindingStatus } from './stored-finding.js';

export { TRIAGE_STATUSES, type TriageStatus } from '@scanrelay/findings-schema';

/**
 * The issue's spellings of stored statuses, accepted on input wherever a status is (bodies, filters):
 * the one alias map of the API, the dashboard and the CLI. Stored and answered statuses keep hyphens.
 */
export const FINDING_STATUS_ALIASES = {
  false_positive: 'false-positive',
  accepted_risk: 'accepted-risk',
} as const satisfies Record<string, FindingStatus>;

/** Every status spelling accepted on input: the stored ones and their aliases. */
export const FINDING_STATUS_INPUTS = [
  ...FINDING_STATUSES,
  ...(Object.keys(FINDING_STATUS_ALIASES) as (keyof typeof FINDING_STATUS_ALIASES)[]),
] as const;
export type FindingStatusInput = (typeof FINDING_STATUS_INPUTS)[number];

/** The stored status an input spelling means (`false_positive` → `false-positive`). */
export function findingStatusOf<S extends FindingStatusInput>(
  value: S,
): S extends keyof typeof FINDING_STATUS_ALIASES ? (typeof FINDING_STATUS_ALIASES)[S] : S {
  const alias = (FINDING_STATUS_ALIASES as Record<string, FindingStatus>)[value];
  return (alias ?? value) as never;
}

const TRIAGE_STATUS_INPUTS = [
  'open',
  'false-positive',
  'accepted-risk',
  'false_positive',
  'accepted_risk',
] as const;

/** A triage status as sent: `open`, `false-positive`/`false_positive`, `accepted-risk`/`accepted_risk`. */
export const triageStatusInputSchema = z.enum(TRIAGE_STATUS_INPUTS).meta({ example: 'false_positive' });
export type TriageStatusInput = z.infer<typeof triageStatusInputSchema>;

/** A finding status filter as sent: one spelling or several (aliases accepted). */
const statusFilterSchema = z.union([
  z.enum(FINDING_STATUS_INPUTS),
  z.array(z.enum(FINDING_STATUS_INPUTS)).min(1),
]);

/** `expires`: a day (`2027-06-30`, the end of that day UTC) or an ISO 8601 date-time with offset. */
const expiresSchema = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })], {
    error: 'expected a date (2027-06-30) or an ISO 8601 date-time',
  })
  .meta({ description: 'For accepted risk only: when the acceptance ends', example: '2027-06-30' });

const triageFields = {
  status: triageStatusInputSchema,
  reason: plainTextSchema(2000).trim().min(1, 'cannot be blank').optional().meta({
    description: 'Why; required for false positive and accepted risk',
    example: 'test fixture, never deployed',
  }),
  expires: expiresSchema.optional(),
};

/** A decision needs its reason, and only an accepted risk expires: said about the field at fault. */
function checkDecision(
  body: { status: TriageStatusInput; reason?: string; expires?: string },
  ctx: z.RefinementCtx,
) {
  const status = findingStatusOf(body.status);
  if (status !== 'open' && body.reason === undefined)
    ctx.addIssue({ code: 'custom', path: ['reason'], message: `required to mark a finding ${status}` });
  if (status !== 'accepted-risk' && body.expires !== undefined)
    ctx.addIssue({
      code: 'custom',
      path: ['expires'],
      message: `applies only to accepted-risk, not to ${status}`,
    });
}

/** `PATCH /api/v1/findings/{id}`: set a finding's triage status (`open` clears a decision). */
export const triageRequestSchema = z
  .strictObject(triageFields)
  .superRefine(checkDecision)
  .meta({ id: 'TriageRequest' });
export type TriageRequest = z.input<typeof triageRequestSchema>;

/** Which of a project's findings a bulk triage changes: every given filter must match. */
export const triageFilterSchema = z.strictObject({
  severity: z.union([severitySchema, z.array(severitySchema).min(1)]).optional(),
  status: statusFilterSchema.optional(),
  tool: plainTextSchema(100).min(1).optional().meta({ example: 'trivy' }),
  kind: findingLocationKindSchema.optional(),
  q: plainTextSchema(FINDING_SEARCH_MAX)
    .min(1)
    .optional()
    .meta({ description: 'Case-insensitive text in the title, rule id or location' }),
});
export type TriageFilter = z.input<typeof triageFilterSchema>;

/** `PATCH /api/v1/projects/{name}/findings`: triage every finding of the project the filter matches. */
export const bulkTriageRequestSchema = z
  .strictObject({ filter: triageFilterSchema, ...triageFields })
  .superRefine(checkDecision)
  .meta({ id: 'BulkTriageRequest' });
export type BulkTriageRequest = z.input<typeof bulkTriageRequestSchema>;

/** What a bulk triage changed (findings already in the status, fixed or duplicate are left as they are). */
export const bulkTriageResultSchema = z
  .object({ changed: z.number().int(), ids: z.array(z.string()) })
  .meta({ id: 'BulkTriageResult' });
export type BulkTriageResult = z.infer<typeof bulkTriageResultSchema>;
