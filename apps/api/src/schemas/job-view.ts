import type { Job, JobLogLine } from '@scanrelay/api-schema';
import type { JobRecord, JobLogLine as StoredLogLine } from '@scanrelay/storage';

/** A job as the API shows it: no tenant id. */
export function jobView(job: JobRecord): Job {
  const { tenantId: _tenant, ...rest } = job;
  return rest;
}

export function logLineView(line: StoredLogLine): JobLogLine {
  return { seq: line.seq, level: line.level, message: line.message, at: line.at };
}
