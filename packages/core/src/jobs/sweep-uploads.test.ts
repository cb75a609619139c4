import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createStore, type Store } from '@scanrelay/storage';
import { makeTempDir } from '@scanrelay/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProcessUploadInput } from './job-contract.js';
import { sweepUploads } from './sweep-uploads.js';

describe('sweepUploads', () => {
  const tmp = makeTempDir('scanrelay-sweep-');
  const uploadsDir = path.join(tmp.dir, 'uploads');
  let store: Store;
  let tenantId: string;

  beforeAll(async () => {
    store = await createStore(`file:${path.join(tmp.dir, 'scanrelay.db')}`);
    tenantId = (await store.tenants.getOrCreate('acme')).id;
    mkdirSync(uploadsDir, { recursive: true });
  });
  afterAll(async () => {
    await store.close();
    tmp.cleanup();
  });

  /** An upload file, `hoursOld` hours old, and optionally a job in `status` that reads it. */
  async function upload(hoursOld: number, status?: 'queued' | 'running' | 'completed' | 'failed' | 'dead') {
    const name = `${randomUUID()}.upload`;
    const file = path.join(uploadsDir, name);
    writeFileSync(file, '{}');
    const at = new Date(Date.now() - hoursOld * 3600_000);
    utimesSync(file, at, at);
    if (status) {
      const input: ProcessUploadInput = {
        upload: name,
        bytes: 2,
        scanner: 'trivy',
        project: 'p',
        importType: 'merge',
      };
      const job = await store.jobs.create({ tenantId, type: 'process-upload', input });
      if (status !== 'queued') await store.jobs.update(job.id, { status });
    }
    return file;
  }

  it('deletes old uploads whose job finished or is unknown, and keeps the rest', async () => {
    const orphan = await upload(2);
    const completed = await upload(2, 'completed');
    const failed = await upload(2, 'failed');
    const dead = await upload(2, 'dead');
    const queued = await upload(2, 'queued');
    const running = await upload(2, 'running');
    const arriving = await upload(0);
    const foreign = path.join(uploadsDir, 'notes.txt');
    writeFileSync(foreign, 'not an upload');
    utimesSync(foreign, new Date(0), new Date(0));

    const removed = await sweepUploads({ store, uploadsDir });

    expect(removed.sort()).toEqual([orphan, completed, failed, dead].map((f) => path.basename(f)).sort());
    for (const f of [orphan, completed, failed, dead]) expect(existsSync(f)).toBe(false);
    for (const f of [queued, running, arriving, foreign]) expect(existsSync(f)).toBe(true);
  });

  it('does nothing when the upload directory does not exist yet', async () => {
    await expect(sweepUploads({ store, uploadsDir: path.join(tmp.dir, 'none') })).resolves.toEqual([]);
  });
});
