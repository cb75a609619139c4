import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteExecutor } from './sqlite-executor.js';

let dir: string;
let file: string;
let ex: SqliteExecutor;

/** A second connection, as another process would see the file: only what was committed. */
function committedNames(): string[] {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT name FROM item ORDER BY name').all() as { name: string }[]).map((r) => r.name);
  } finally {
    db.close();
  }
}

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'scanrelay-group-commit-'));
  file = path.join(dir, 'db.sqlite');
  ex = new SqliteExecutor(file);
  await ex.run('CREATE TABLE item (name TEXT PRIMARY KEY)');
  await ex.run('CREATE TABLE parent (id INTEGER PRIMARY KEY)');
  await ex.run(
    'CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)',
  );
});

afterEach(async () => {
  await ex.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('SqliteExecutor group commit', () => {
  it('keeps the savepoints of a group in memory on the write connection (no temporary files)', () => {
    expect(ex.writer.pragma('temp_store', { simple: true })).toBe(2);
  });

  it('commits writes and transactions that arrive together in one transaction', async () => {
    const before = ex.commits;
    const changes = await Promise.all([
      ...Array.from({ length: 20 }, (_, i) => ex.run('INSERT INTO item (name) VALUES (?)', [`w${i}`])),
      ex.transaction(async (tx) => {
        await tx.run('INSERT INTO item (name) VALUES (?)', ['t1']);
        return tx.run('INSERT INTO item (name) VALUES (?)', ['t2']);
      }),
    ]);
    expect(changes).toEqual(Array(21).fill(1));
    expect(ex.commits - before).toBe(1);
    expect(committedNames()).toHaveLength(22);
  });

  it('rolls back only the unit that failed; the others of its group are committed', async () => {
    await ex.run('INSERT INTO item (name) VALUES (?)', ['taken']);
    const before = ex.commits;
    const results = await Promise.allSettled([
      ex.run('INSERT INTO item (name) VALUES (?)', ['a']),
      ex.transaction(async (tx) => {
        await tx.run('INSERT INTO item (name) VALUES (?)', ['half']);
        await tx.run('INSERT INTO item (name) VALUES (?)', ['taken']);
      }),
      ex.transaction(async (tx) => {
        await tx.run('INSERT INTO item (name) VALUES (?)', ['b']);
        throw new Error('changed my mind');
      }),
      ex.run('INSERT INTO item (name) VALUES (?)', ['c']),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/UNIQUE/);
    expect(String((results[2] as PromiseRejectedResult).reason)).toMatch(/changed my mind/);
    expect(ex.commits - before).toBe(1);
    expect(committedNames()).toEqual(['a', 'c', 'taken']);
  });

  it('settles no unit before its commit, and rejects every unit of a group whose COMMIT fails', async () => {
    const settled: string[] = [];
    const track = (name: string, p: Promise<unknown>) =>
      p.then(
        () => settled.push(`${name} ok`),
        () => settled.push(`${name} failed`),
      );
    const g = gate();
    const entered = gate();
    const all = Promise.all([
      track('a', ex.run('INSERT INTO item (name) VALUES (?)', ['a'])),
      // Checked only at COMMIT: a child whose parent does not exist.
      track('orphan', ex.run('INSERT INTO child (id, parent_id) VALUES (1, 42)')),
      track(
        'slow',
        ex.transaction(async (tx) => {
          await tx.run('INSERT INTO item (name) VALUES (?)', ['slow']);
          entered.open();
          await g.opened;
        }),
      ),
    ]);
    await entered.opened;
    // 'a' has run inside the open group transaction: it is neither settled nor visible.
    expect(settled).toEqual([]);
    expect(committedNames()).toEqual([]);
    g.open();
    await all;
    expect(settled.sort()).toEqual(['a failed', 'orphan failed', 'slow failed']);
    expect(committedNames()).toEqual([]);
    // The connection is usable again.
    await ex.run('INSERT INTO item (name) VALUES (?)', ['after']);
    expect(committedNames()).toEqual(['after']);
  });

  it('leaves nothing of a group behind when the connection dies in the middle of it', async () => {
    const g = gate();
    const entered = gate();
    const results = Promise.allSettled([
      ex.run('INSERT INTO item (name) VALUES (?)', ['a']),
      ex.transaction(async (tx) => {
        await tx.run('INSERT INTO item (name) VALUES (?)', ['b']);
        entered.open();
        await g.opened;
        await tx.run('INSERT INTO item (name) VALUES (?)', ['c']);
      }),
      ex.run('INSERT INTO item (name) VALUES (?)', ['d']),
    ]);
    await entered.opened;
    // Crash-like: the connection goes away with the group's transaction open, no COMMIT.
    ex.writer.close();
    g.open();
    expect((await results).map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(committedNames()).toEqual([]);
    const check = new Database(file, { readonly: true });
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    check.close();
  });

  it('closes a group once it is full or has used its time, and keeps arrival order', async () => {
    const names = Array.from({ length: 10 }, (_, i) => `n${i}`);
    const insertAll = async (db: SqliteExecutor) => {
      await db.run('CREATE TABLE item (name TEXT PRIMARY KEY)');
      const before = db.commits;
      const order: string[] = [];
      await Promise.all(
        names.map((n) => db.run('INSERT INTO item (name) VALUES (?)', [n]).then(() => order.push(n))),
      );
      return { commits: db.commits - before, order };
    };
    const full = new SqliteExecutor(path.join(dir, 'full.sqlite'), { groupCommit: { maxUnits: 4 } });
    // A budget already used up after one unit: what a long ingest transaction does to its group.
    const timed = new SqliteExecutor(path.join(dir, 'timed.sqlite'), { groupCommit: { maxGroupMs: -1 } });
    try {
      expect(await insertAll(full)).toEqual({ commits: 3, order: names });
      expect(await insertAll(timed)).toEqual({ commits: 10, order: names });
    } finally {
      await full.close();
      await timed.close();
    }
  });
});
