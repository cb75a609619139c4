import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { makeTempDir, pgUrl } from '@scanrelay/test-utils';
import pg from 'pg';
import { onTestFinished } from 'vitest';
import type { Executor } from '../src/executor.js';
import { createStore, type Store } from '../src/index.js';
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
