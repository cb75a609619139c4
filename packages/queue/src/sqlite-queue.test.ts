import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createSqliteQueue } from './sqlite-queue.js';

describe('createSqliteQueue on a shared database', () => {
  it('creates its tables beside the app tables and leaves the database open on close', async () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE jobs (id TEXT PRIMARY KEY)');
    const queue = createSqliteQueue({ database: db, tableName: 'work_items' });
    const job = await queue.enqueue('ingest', 'parse', { n: 1 }, { jobId: 'a' });
    expect(job).toMatchObject({ id: 'a', state: 'waiting', attempt: 0, maxAttempts: 5 });
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .pluck()
      .all();
    expect(tables).toEqual(['jobs', 'work_items', 'work_items_starts']);
    await queue.close();
    expect(db.open).toBe(true);
    expect(db.prepare('SELECT count(*) FROM work_items').pluck().get()).toBe(1);
  });

  it('reports database failures as QueueError BACKEND with the cause', async () => {
    const db = new Database(':memory:');
    const queue = createSqliteQueue({ database: db });
    db.exec('DROP TABLE queue_jobs');
    await expect(queue.enqueue('ingest', 'parse', {})).rejects.toMatchObject({
      code: 'BACKEND',
      message: expect.stringMatching(
        /^@scanrelay\/queue: enqueue failed: no such table: (main\.)?queue_jobs/,
      ),
    });
    await queue.close();
  });

  it('refuses a table name that is not a plain SQL identifier', () => {
    expect(() => createSqliteQueue({ database: new Database(':memory:'), tableName: 'jobs"; DROP' })).toThrow(
      TypeError,
    );
  });
});
