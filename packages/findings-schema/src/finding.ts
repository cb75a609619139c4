import * as z from 'zod';
import { locationSchema } from './location.js';
import { severitySchema } from './severity.js';

/** The scanner that produced a finding: `id` is the parser id, `name` the producing tool. */
export const toolSchema = z.object({
  /** Parser id, e.g. `trivy`, `sarif`, `zap`. */
  id: z.string().min(1),
  /** The producing tool as it names itself, e.g. `Trivy`, `CodeQL`, `OWASP ZAP`. */
  name: z.string().min(1),
  version: z.string().optional(),
});
export type Tool = z.infer<typeof toolSchema>;

export const confidenceSchema = z.enum(['high', 'medium', 'low']);
export type Confidence = z.infer<typeof confidenceSchema>;

export const cvssSchema = z.object({
  version: z.string().optional(),
  vector: z.string().optional(),
  score: z.number().min(0).max(10).optional(),
});
export type Cvss = z.infer<typeof cvssSchema>;

/** What is kept of a secret: never the value, only a redacted form and a hash. */
export const secretInfoSchema = z.object({
  redacted: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type SecretInfo = z.infer<typeof secretInfoSchema>;

export const cweIdSchema = z.string().regex(/^CWE-\d+$/, 'expected CWE-<number>');

const jsonRecord = z.record(z.string(), z.unknown());

/**
 * A finding as a parser builds it, before it gets its identity. `stableId` is a tool-provided stable
 * identifier (semgrep's fingerprint, SARIF partialFingerprints); it wins over identity fields.
 */
export const findingDraftSchema = z.object({
  tool: toolSchema,
  ruleId: z.string().min(1),
  name: z.string().min(1),
  description: z.string().optional(),
  severity: severitySchema,
  category: z.string().min(1),
  confidence: confidenceSchema.optional(),
  location: locationSchema.optional(),
  cwe: z.array(cweIdSchema).default([]),
  /** CVE, GHSA, OSV and other vulnerability ids. */
  cve: z.array(z.string().min(1)).default([]),
  cvss: cvssSchema.optional(),
  references: z.array(z.string().min(1)).default([]),
  mitigation: z.string().optional(),
  identifiedAt: z.iso.datetime({ offset: true }).optional(),
  occurrences: z.number().int().positive().default(1),
  stableId: z.string().min(1).optional(),
  secret: secretInfoSchema.optional(),
  attributes: jsonRecord.default({}),
});
export type FindingDraft = z.input<typeof findingDraftSchema>;

/** The canonical finding every scanner's output is normalised into. */
export const findingSchema = findingDraftSchema.extend({
  id: z.uuid(),
  fingerprint: z.string().regex(/^[0-9a-f]{64}$/, 'expected a sha256 hex digest'),
});
export type Finding = z.infer<typeof findingSchema>;

export const findingListSchema = z.array(findingSchema);
