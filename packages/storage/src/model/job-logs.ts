import type { jobLogs } from '../schema/sqlite.js';

export type JobLogLevel = 'debug' | 'info' | 'warn' | 'error';

/** A log line; `seq` increases across all jobs: list after the last one seen to follow a log. */
export type JobLogLine = typeof jobLogs.$inferSelect;

export interface JobLogRepository {
  append(jobId: string, message: string, level?: JobLogLevel): Promise<JobLogLine>;
  /** Lines of a job of this tenant with `seq` greater than `afterSeq` (default 0), oldest first. */
  list(tenantId: string, jobId: string, opts?: { afterSeq?: number; limit?: number }): Promise<JobLogLine[]>;
}
