import { z } from '@hono/zod-openapi';
import { JOB_STATUSES, type JobLogLine, type JobRecord } from '@scanrelay/storage';

export const jobSchema = z
  .object({
    id: z.string(),
    type: z.string().openapi({ example: 'process-upload' }),
    status: z.enum(JOB_STATUSES),
    progress: z.number().int().min(0).max(100),
    attempts: z.number().int(),
    input: z.unknown().optional(),
    result: z.unknown().optional(),
    error: z.string().optional(),
    createdAt: z.string(),
    startedAt: z.string().optional(),
    finishedAt: z.string().optional(),
    updatedAt: z.string(),
  })
  .openapi('Job');

export const jobPageSchema = z
  .object({ items: z.array(jobSchema), nextCursor: z.string().optional() })
  .openapi('JobPage');

export const jobLogLineSchema = z
  .object({
    seq: z.number().int(),
    level: z.enum(['debug', 'info', 'warn', 'error']),
    message: z.string(),
    at: z.string(),
  })
  .openapi('JobLogLine');

/** A job as the API shows it: no tenant id. */
export function jobView(job: JobRecord): z.infer<typeof jobSchema> {
  const { tenantId: _tenant, ...rest } = job;
  return rest;
}

export function logLineView(line: JobLogLine): z.infer<typeof jobLogLineSchema> {
  return { seq: line.seq, level: line.level, message: line.message, at: line.at };
}

export const uploadAcceptedSchema = z
  .object({
    jobId: z.string(),
    status: z.literal('queued'),
    scanner: z.string().openapi({ example: 'trivy' }),
    bytes: z.number().int(),
    links: z.object({ job: z.string(), logs: z.string() }),
  })
  .openapi('UploadAccepted');
