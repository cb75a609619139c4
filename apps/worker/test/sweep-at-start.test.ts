import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createSqliteQueue } from '@scanrelay/queue';
import { createStore } from '@scanrelay/storage';
import { makeTempDir, waitFor } from '@scanrelay/test-utils';
import { afterAll, describe, expect, it } from 'vitest';
import { createWorker } from '../src/create-worker.js';

describe('createWorker', () => {
  const tmp = makeTempDir('scanrelay-worker-sweep-');
  afterAll(() => tmp.cleanup());

  it('deletes orphaned uploads when it starts, and keeps recent ones', async () => {
    const uploads = path.join(tmp.dir, 'uploads');
    mkdirSync(uploads, { recursive: true });
    const orphan = path.join(uploads, `${randomUUID()}.upload`);
    const recent = path.join(uploads, `${randomUUID()}.upload`);
    writeFileSync(orphan, '{}');
    writeFileSync(recent, '{}');
    const dayAgo = new Date(Date.now() - 24 * 3600_000);
    utimesSync(orphan, dayAgo, dayAgo);

    const store = await createStore(`file:${path.join(tmp.dir, 'scanrelay.db')}`);
    const queue = createSqliteQueue({ database: path.join(tmp.dir, 'queue.db') });
    const worker = createWorker({ store, queue, dataDir: tmp.dir, pollMs: 50 });
    try {
      worker.start();
      await waitFor('the orphaned upload to be deleted', () => !existsSync(orphan));
      expect(existsSync(recent)).toBe(true);
    } finally {
      await worker.close(5000);
      await queue.close();
      await store.close();
    }
  });
});
