import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createQueue, createQueueFromEnv } from './create-queue.js';
import type { Queue } from './types.js';

describe('createQueueFromEnv', () => {
  const opened: Queue[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((q) => q.close()));
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('uses BullMQ when REDIS_URL is set and SQLite otherwise', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'scanrelay-queue-unit-'));
    dirs.push(dir);
    const redis = createQueueFromEnv({ env: { REDIS_URL: 'redis://127.0.0.1:6379' } });
    const sqlite = createQueueFromEnv({ env: { SCANRELAY_SQLITE_PATH: path.join(dir, 'q.db') } });
    opened.push(redis, sqlite);
    expect([redis.driver, sqlite.driver]).toEqual(['bullmq', 'sqlite']);
    const job = await sqlite.enqueue('jobs', 'ingest', { a: 1 });
    expect(await sqlite.getJob('jobs', job.id)).toMatchObject({ state: 'waiting', data: { a: 1 } });
  });

  it('refuses to guess when neither Redis nor a SQLite file is configured', () => {
    expect(() => createQueueFromEnv({ env: {} })).toThrow(
      expect.objectContaining({
        code: 'CONFIG',
        message: expect.stringMatching(/^@scanrelay\/queue: expected REDIS_URL/),
      }),
    );
  });

  it('refuses a URL that is not redis:// and an unknown driver', () => {
    expect(() => createQueue({ driver: 'bullmq', url: 'http://127.0.0.1:6379' })).toThrow(
      expect.objectContaining({ code: 'CONFIG' }),
    );
    expect(() => createQueue({ driver: 'kafka' } as never)).toThrow(TypeError);
  });
});
