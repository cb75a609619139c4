import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteExecutor } from './sqlite-executor.js';

let dir: string;
let file: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'scanrelay-checkpointer-'));
  file = path.join(dir, 'db.sqlite');
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Resolves once `ok()` holds, checking after each turn of the event loop (no time limit of its own). */
async function until(ok: () => boolean): Promise<void> {
  while (!ok()) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('WAL checkpoints of a file store', () => {
  it('run in a worker, not in the write connection’s commits, and the store closes cleanly', async () => {
    const ex = new SqliteExecutor(file);
    await ex.run('CREATE TABLE item (name TEXT PRIMARY KEY, body TEXT NOT NULL)');
    // The write connection would checkpoint itself only past its backstop.
    expect(ex.writer.pragma('wal_autocheckpoint', { simple: true })).toBeGreaterThan(1000);
    for (let i = 0; i < 40; i++)
      await ex.run('INSERT INTO item (name, body) VALUES (?, ?)', [`n${i}`, 'x'.repeat(3000)]);
    await until(() => ex.checkpoints > 0);
    // What the worker copied is in the database file: a fresh connection reads it all.
    const db = new Database(file, { readonly: true });
    expect((db.prepare('SELECT count(*) AS n FROM item').get() as { n: number }).n).toBe(40);
    db.close();
    await ex.close();
    // The worker's connection is closed too: the last one to close removed the WAL.
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  it('starts no worker for a store that commits a few times', async () => {
    const ex = new SqliteExecutor(file);
    await ex.run('CREATE TABLE item (name TEXT PRIMARY KEY)');
    await ex.run('INSERT INTO item (name) VALUES (?)', ['a']);
    await ex.close();
    expect(ex.checkpoints).toBe(0);
    expect(existsSync(`${file}-wal`)).toBe(false);
  });
});
