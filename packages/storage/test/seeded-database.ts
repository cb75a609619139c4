import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { makeTempDir, pgUrl } from '@scanrelay/test-utils';
import pg from 'pg';
import { expect, onTestFinished } from 'vitest';
import type { Executor } from '../src/executor.js';
import { createStore, loadMigrations, type Store } from '../src/index.js';
import { applyMigrations } from '../src/migrate.js';
import { PgExecutor } from '../src/pg/pg-executor.js';
import { withDefaultPgUser } from '../src/pg/with-default-pg-user.js';
import { SqliteExecutor } from '../src/sqlite/sqlite-executor.js';

/** A database that `seed` filled at an older migration, opened as a store. */
export interface SeededDatabase {
  store: Store;
  /** A read through a separate raw connection to the same database (checks only). */
  query(sql: string): Promise<Record<string, unknown>[]>;
}

/**
 * Seeds a fresh SQLite file or PostgreSQL schema through a raw executor, closes it, then opens a
 * store on it (which applies the newer migrations unless `migrate` is false). Everything is closed
 * and removed when the test finishes.
 */
export async function seededDatabase(
  dialect: 'sqlite' | 'postgres',
  seed: (ex: Executor) => Promise<void>,
  opts: { migrate?: boolean } = {},
): Promise<SeededDatabase> {
  const migrate = opts.migrate ?? true;
  // Undone last first, once the test has finished.
  const cleanups: (() => unknown)[] = [];
  onTestFinished(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  if (dialect === 'sqlite') {
    const tmp = makeTempDir('scanrelay-migrate-');
    cleanups.push(() => tmp.cleanup());
    const file = path.join(tmp.dir, 'scanrelay.db');
    const ex = new SqliteExecutor(file);
    await seed(ex);
    await ex.close();
    const store = await createStore(`file:${file}`, { migrate });
    cleanups.push(() => store.close());
    const query = async (sql: string) => {
      const raw = new SqliteExecutor(file);
      try {
        return await raw.all(sql);
      } finally {
        await raw.close();
      }
    };
    return { store, query };
  }
  const schema = `sr_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: withDefaultPgUser(pgUrl) });
  await admin.connect();
  cleanups.push(async () => {
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  });
  await admin.query(`CREATE SCHEMA "${schema}"`);
  await admin.query(`SET search_path TO "${schema}"`);
  const ex = new PgExecutor(withDefaultPgUser(pgUrl), { schema });
  await seed(ex);
  await ex.close();
  const store = await createStore(pgUrl, { schema, migrate });
  cleanups.push(() => store.close());
  return { store, query: async (sql) => (await admin.query(sql)).rows };
}

const SEEDED_AT = '2026-01-01T00:00:00.000Z';

/**
 * Brings a fresh database up to the migration before `next` (checking that `last` is the newest
 * applied), then adds tenant t1, its project p1 ("shop") and a completed upload scan s1 of it.
 */
export async function seedProjectBefore(ex: Executor, next: string, last: string): Promise<void> {
  const before = loadMigrations(ex.dialect).filter((m) => m.version < next);
  expect((await applyMigrations(ex, before)).current.at(-1)).toBe(last);
  const counts = JSON.stringify({ critical: 0, high: 0, medium: 0, low: 0, info: 0 });
  await ex.run('INSERT INTO tenants (id, name, created_at) VALUES (?, ?, ?)', ['t1', 'acme', SEEDED_AT]);
  await ex.run(
    "INSERT INTO projects (id, tenant_id, name, kind, created_at) VALUES ('p1', 't1', 'shop', 'skill', ?)",
    [SEEDED_AT],
  );
  await ex.run(
    `INSERT INTO scans (id, tenant_id, project_id, provider, kind, status, counts, created_at, updated_at)
     VALUES ('s1', 't1', 'p1', 'upload', 'sast', 'completed', ?, ?, ?)`,
    [counts, SEEDED_AT, SEEDED_AT],
  );
}
