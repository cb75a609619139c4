import type { JobRecord } from '@scanrelay/storage/types';
import { JOB_TYPES, processUploadInputSchema } from './job-contract.js';

/** The file under `<dataDir>/uploads` that a job reads, or undefined when it reads none. */
export function jobUploadName(job: Pick<JobRecord, 'type' | 'input'>): string | undefined {
  if (job.type !== JOB_TYPES.processUpload) return undefined;
  const input = processUploadInputSchema.safeParse(job.input);
  return input.success ? input.data.upload : undefined;
}
