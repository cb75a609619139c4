import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveEnqueueOptions } from './options.js';
import { SqliteGroupCommit } from './sqlite-group-commit.js';
import { createSqliteQueue } from './sqlite-queue.js';
import { SqliteJobStore } from './sqlite-store.js';

let dir: string;
let file: string;
let db: Database.Database;
let store: SqliteJobStore;
let group: SqliteGroupCommit;

const enqueue = (id: string) => () =>
  store.enqueue('q', id, 'n', '{}', resolveEnqueueOptions('n', { jobId: id }));

/** What another connection (another process) sees: only what was committed. */
function committedIds(): string[] {
  const other = new Database(file, { readonly: true });
  try {
    return other.prepare('SELECT id FROM queue_jobs ORDER BY id').pluck().all() as string[];
  } finally {
    other.close();
  }
}

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'scanrelay-queue-group-'));
  file = path.join(dir, 'queue.db');
  db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.exec(`CREATE TABLE parent (id INTEGER PRIMARY KEY);
    CREATE TABLE child (id INTEGER PRIMARY KEY,
      parent_id INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)`);
  store = new SqliteJobStore(db, 'queue_jobs', Date.now);
  group = new SqliteGroupCommit(db, 8);
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('SqliteGroupCommit', () => {
  it('commits the writes of one moment together, in groups of at most maxUnits', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `j${String(i).padStart(2, '0')}`);
    const jobs = await Promise.all(ids.map((id) => group.run(enqueue(id))));
    expect(jobs.map((j) => j.id)).toEqual(ids);
    expect(jobs.every((j) => j.state === 'waiting')).toBe(true);
    expect(group.commits).toBe(3);
    expect(committedIds()).toEqual(ids);
  });

  it('undoes only the write that failed; the others of its group are committed', async () => {
    const results = await Promise.allSettled([
      group.run(enqueue('a')),
      // The same id again without ON CONFLICT: SQLite undoes this statement alone.
      group.run(() =>
        db
          .prepare(
            `INSERT INTO queue_jobs (queue, id, name, data, state, priority, attempt, max_attempts, run_at, created_at)
             VALUES ('q', 'a', 'n', '{}', 'waiting', 0, 0, 1, 0, 0)`,
          )
          .run(),
      ),
      group.run(enqueue('b')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(group.commits).toBe(1);
    expect(committedIds()).toEqual(['a', 'b']);
  });

  it('answers nobody before the commit, and fails every write of a group whose COMMIT fails', async () => {
    const settled: string[] = [];
    const track = (name: string, p: Promise<unknown>) =>
      p.then(
        () => settled.push(`${name} ok`),
        (err: Error) => settled.push(`${name} ${err.message}`),
      );
    const all = Promise.all([
      track('a', group.run(enqueue('a'))),
      // A deferred foreign key is checked only at COMMIT.
      track(
        'orphan',
        group.run(() => db.prepare('INSERT INTO child (id, parent_id) VALUES (1, 42)').run()),
      ),
      track('b', group.run(enqueue('b'))),
    ]);
    expect(settled).toEqual([]);
    await all;
    expect(settled).toEqual([
      'a FOREIGN KEY constraint failed',
      'orphan FOREIGN KEY constraint failed',
      'b FOREIGN KEY constraint failed',
    ]);
    expect(group.commits).toBe(0);
    expect(committedIds()).toEqual([]);
    expect(db.inTransaction).toBe(false);
    await group.run(enqueue('after'));
    expect(committedIds()).toEqual(['after']);
  });

  it('leaves nothing of a group behind when the process dies in the middle of it', () => {
    const src = path.dirname(fileURLToPath(import.meta.url));
    const script = `
      import Database from 'better-sqlite3';
      import { SqliteGroupCommit } from ${JSON.stringify(path.join(src, 'sqlite-group-commit.ts'))};
      import { SqliteJobStore } from ${JSON.stringify(path.join(src, 'sqlite-store.ts'))};
      import { resolveEnqueueOptions } from ${JSON.stringify(path.join(src, 'options.ts'))};
      const db = new Database(process.argv[1]);
      const store = new SqliteJobStore(db, 'queue_jobs', Date.now);
      const group = new SqliteGroupCommit(db);
      const add = (id) => () => store.enqueue('q', id, 'n', '{}', resolveEnqueueOptions('n', { jobId: id }));
      group.run(add('x'));
      group.run(add('y'));
      group.run(() => process.exit(3));
      group.run(add('z'));
    `;
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script, file],
      { encoding: 'utf8', cwd: src },
    );
    expect(child.stderr).toBe('');
    expect(child.status).toBe(3);
    expect(committedIds()).toEqual([]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});

describe('createSqliteQueue group commit', () => {
  it('answers concurrent enqueues once they are committed', async () => {
    const queue = createSqliteQueue({ database: file });
    const ids = Array.from({ length: 50 }, (_, i) => `k${String(i).padStart(2, '0')}`);
    const jobs = await Promise.all(ids.map((id) => queue.enqueue('q', 'n', { id }, { jobId: id })));
    expect(jobs.map((j) => j.data)).toEqual(ids.map((id) => ({ id })));
    expect(committedIds()).toEqual(ids);
    await queue.close();
  });

  it('commits the enqueues still waiting for their group when it closes', async () => {
    const queue = createSqliteQueue({ database: file });
    const pending = queue.enqueue('q', 'n', {}, { jobId: 'late' });
    await queue.close();
    await expect(pending).resolves.toMatchObject({ id: 'late', state: 'waiting' });
    expect(committedIds()).toEqual(['late']);
  });
});
