import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { JobRecord } from '@scanrelay/storage/types';
import { jobUploadName } from './job-upload-name.js';

/**
 * Deletes the report a job was given, once the job has ended for good (completed, failed, or dead
 * after its last attempt). Never call it before a retry: the next attempt reads the file again. True
 * when the job had an upload (deleted now or already gone).
 */
export async function removeJobUpload(
  job: Pick<JobRecord, 'type' | 'input'>,
  uploadsDir: string,
): Promise<boolean> {
  const name = jobUploadName(job);
  if (!name) return false;
  await rm(path.join(uploadsDir, name), { force: true });
  return true;
}
