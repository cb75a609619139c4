import * as z from 'zod/mini';

/** What `findings.json` holds: canonical findings, a secureCodeBox findings array, or a SARIF 2.1.0 log. */
export const FINDINGS_FORMATS = ['json', 'scb', 'sarif'] as const;
export const findingsFormatSchema = z.enum(FINDINGS_FORMATS);
export type FindingsFormat = z.infer<typeof findingsFormatSchema>;
