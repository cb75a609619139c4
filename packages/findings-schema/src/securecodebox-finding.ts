import * as z from 'zod';

/** secureCodeBox's four severities (it has no critical). */
export const SCB_SEVERITIES = ['HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL'] as const;
export const scbSeveritySchema = z.enum(SCB_SEVERITIES);
export type ScbSeverity = z.infer<typeof scbSeveritySchema>;

export const scbReferenceSchema = z.object({ type: z.string(), value: z.string() });
export type ScbReference = z.infer<typeof scbReferenceSchema>;

export const scbScanSchema = z.object({
  created_at: z.iso.datetime({ offset: true }),
  name: z.string(),
  namespace: z.string(),
  scan_type: z.string(),
});
export type ScbScan = z.infer<typeof scbScanSchema>;

/**
 * One finding as secureCodeBox's findings JSON schema (parser-sdk/nodejs/findings-schema.json)
 * describes it. Unknown properties (`hint`, trivy's `reference`, …) are kept. `scan` is required by the
 * schema but accepted when missing, as findings written by older secureCodeBox releases lack it.
 */
export const secureCodeBoxFindingSchema = z.looseObject({
  id: z.guid(),
  identified_at: z.iso.datetime({ offset: true }).nullish(),
  parsed_at: z.iso.datetime({ offset: true }),
  name: z.string().min(1),
  description: z.string().nullish(),
  category: z.string().min(1),
  severity: scbSeveritySchema,
  mitigation: z.string().nullish(),
  references: z.array(scbReferenceSchema).nullish(),
  attributes: z.record(z.string(), z.unknown()).nullish(),
  location: z.string().nullish(),
  /** secureCodeBox's OSI layer: APPLICATION, NETWORK, NOT_APPLICABLE, … */
  osi_layer: z.string().nullish(),
  scan: scbScanSchema.optional(),
});
export type SecureCodeBoxFinding = z.infer<typeof secureCodeBoxFindingSchema>;

export const secureCodeBoxFindingListSchema = z.array(secureCodeBoxFindingSchema);
