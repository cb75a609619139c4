import { z } from 'zod';
import { forwardSchema } from './forward.js';
import { pageSchema } from './page.js';

export const JOB_STATUSES = ['queued', 'running', 'completed', 'failed', 'dead'] as const;
export const jobStatusSchema = z.enum(JOB_STATUSES);
export type JobStatus = z.infer<typeof jobStatusSchema>;
/** A job in one of these states will not change any more. */
export const TERMINAL_JOB_STATUSES: ReadonlySet<JobStatus> = new Set(['completed', 'failed', 'dead']);

/** A queued piece of work (`process-upload`, `fetch-invicti-issues`) as the API shows it. */
export const jobSchema = z
  .object({
    id: z.string(),
    type: z.string().meta({ example: 'process-upload' }),
    status: jobStatusSchema,
    progress: z.number().int().min(0).max(100),
    attempts: z.number().int(),
    input: z.unknown().optional(),
    result: z.unknown().optional(),
    error: z.string().optional(),
    createdAt: z.string(),
    startedAt: z.string().optional(),
    finishedAt: z.string().optional(),
    updatedAt: z.string(),
    /** The forwards of the scan this job ingested, as they are now. */
    forwards: z.array(forwardSchema).optional(),
  })
  .meta({ id: 'Job' });
export type Job = z.infer<typeof jobSchema>;

export const jobPageSchema = pageSchema(jobSchema).meta({ id: 'JobPage' });
export type JobPage = z.infer<typeof jobPageSchema>;

/** One line of a job's log; `seq` is also the SSE event id a client resumes after. */
export const jobLogLineSchema = z
  .object({
    seq: z.number().int(),
    level: z.enum(['debug', 'info', 'warn', 'error']),
    message: z.string(),
    at: z.string(),
  })
  .meta({ id: 'JobLogLine' });
export type JobLogLine = z.infer<typeof jobLogLineSchema>;
