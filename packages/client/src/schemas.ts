import { findingSchema, severityCountsSchema } from '@scanrelay/findings-schema';
import { z } from 'zod';

/** Response shapes of the scanrelay API v1, validated where they enter. Unknown fields are kept. */
export const jobStatusSchema = z.enum(['queued', 'running', 'completed', 'failed', 'dead']);
export type JobStatus = z.infer<typeof jobStatusSchema>;
export const TERMINAL_JOB_STATUSES: ReadonlySet<JobStatus> = new Set(['completed', 'failed', 'dead']);

export const jobSchema = z.looseObject({
  id: z.string(),
  type: z.string(),
  status: jobStatusSchema,
  progress: z.number(),
  attempts: z.number().optional(),
  result: z.unknown().optional(),
  error: z.string().optional(),
  createdAt: z.string(),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  updatedAt: z.string().optional(),
});
export type Job = z.infer<typeof jobSchema>;

export const jobLogLineSchema = z.object({
  seq: z.number().int(),
  level: z.string(),
  message: z.string(),
  at: z.string(),
});
export type JobLogLine = z.infer<typeof jobLogLineSchema>;

export const uploadAcceptedSchema = z.looseObject({
  jobId: z.string(),
  status: z.string(),
  scanner: z.string(),
  bytes: z.number(),
});
export type UploadAccepted = z.infer<typeof uploadAcceptedSchema>;

export const scanSchema = z.looseObject({
  id: z.string(),
  project: z.string(),
  provider: z.string(),
  kind: z.string(),
  status: z.string(),
  externalId: z.string().optional(),
  commitSha: z.string().optional(),
  counts: severityCountsSchema,
  verdict: z.enum(['pass', 'fail']).optional(),
  score: z.number().optional(),
  createdAt: z.string(),
});
export type Scan = z.infer<typeof scanSchema>;

export const storedFindingSchema = z.looseObject({
  id: z.string(),
  fingerprint: z.string(),
  tool: z.string(),
  severity: z.string(),
  status: z.string(),
  occurrences: z.number(),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
  finding: findingSchema,
});
export type StoredFinding = z.infer<typeof storedFindingSchema>;

export const pageSchema = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().optional() });

export const healthSchema = z.looseObject({ status: z.string(), version: z.string().optional() });
export type Health = z.infer<typeof healthSchema>;

export const problemSchema = z.looseObject({
  title: z.string().optional(),
  status: z.number().optional(),
  detail: z.string().optional(),
  code: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

export const findingsIngestResultSchema = z.looseObject({
  scanId: z.string(),
  project: z.string(),
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  reopened: z.number(),
  fixed: z.number(),
  counts: z.record(z.string(), z.number()),
});
export type FindingsIngestResult = z.infer<typeof findingsIngestResultSchema>;
