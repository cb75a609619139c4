import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Store } from '@scanrelay/storage/types';
import { JOB_TYPES } from './job-contract.js';
import { jobUploadName } from './job-upload-name.js';

/** The names the API gives uploads (`<uuid>.upload`); anything else in the directory is left alone. */
const UPLOAD_NAME = /^[0-9a-f-]{36}\.upload$/;

/** An upload younger than this may still be arriving, or waiting for its job row: never swept. */
const DEFAULT_GRACE_MS = 60 * 60 * 1000;

export interface SweepUploadsOptions {
  store: Store;
  uploadsDir: string;
  /** Default one hour. */
  graceMs?: number;
}

/**
 * Deletes the uploads that no job will read again: older than the grace period and not the input of
 * a queued or running job (their job finished, or was never created because the API stopped between
 * receiving the file and creating the job). Returns the names deleted.
 */
export async function sweepUploads(o: SweepUploadsOptions): Promise<string[]> {
  let names: string[];
  try {
    names = (await readdir(o.uploadsDir)).filter((n) => UPLOAD_NAME.test(n));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const cutoff = Date.now() - (o.graceMs ?? DEFAULT_GRACE_MS);
  const old: string[] = [];
  for (const name of names) {
    const s = await stat(path.join(o.uploadsDir, name)).catch(() => undefined);
    if (s && s.mtimeMs < cutoff) old.push(name);
  }
  if (old.length === 0) return [];
  const inUse = await uploadsOfUnfinishedJobs(o.store);
  const removed: string[] = [];
  for (const name of old) {
    if (inUse.has(name)) continue;
    await rm(path.join(o.uploadsDir, name), { force: true });
    removed.push(name);
  }
  return removed;
}

async function uploadsOfUnfinishedJobs(store: Store): Promise<Set<string>> {
  const inUse = new Set<string>();
  for (const tenant of await store.tenants.list()) {
    let cursor: string | undefined;
    do {
      const page = await store.jobs.list(tenant.id, {
        type: JOB_TYPES.processUpload,
        status: ['queued', 'running'],
        limit: 1000,
        cursor,
      });
      for (const job of page.items) {
        const name = jobUploadName(job);
        if (name) inUse.add(name);
      }
      cursor = page.nextCursor;
    } while (cursor);
  }
  return inUse;
}
