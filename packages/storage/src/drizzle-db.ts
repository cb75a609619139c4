import type Database from 'better-sqlite3';
import { DrizzleQueryError } from 'drizzle-orm';
import { drizzle as drizzleSqlite } from 'drizzle-orm/better-sqlite3';
import { drizzle as drizzlePg, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import * as pgSchema from './schema/pg.js';
import * as sqliteSchema from './schema/sqlite.js';
import type { Dialect } from './types.js';

/**
 * The drizzle database the repositories build their queries with. They are written once, against
 * the PostgreSQL flavour of drizzle's builder: the SQLite builder has the same methods for all they
 * use (select, joins, insert with `onConflictDo*`, update, delete, `returning`), both are awaited
 * alike, and the two schemas give identical row types (`test/schema-types.test.ts`), so the SQLite
 * database and tables are viewed through the PostgreSQL types. Rules that keep this true: count
 * written rows with `returning`, never with a driver's result object; no dialect-only builder
 * methods.
 */
export type Db = NodePgDatabase;

/** The tables of a dialect, under the shared (PostgreSQL) types. */
export type Tables = typeof pgSchema;

const sqliteTables = sqliteSchema as unknown as Tables;

export function tablesFor(dialect: Dialect): Tables {
  return dialect === 'sqlite' ? sqliteTables : pgSchema;
}

export function sqliteDb(client: Database.Database): Db {
  return drizzleSqlite({ client }) as unknown as Db;
}

export function pgDb(client: pg.Pool | pg.PoolClient): Db {
  return drizzlePg({ client });
}

/**
 * Runs a drizzle query and lets the driver's own error out, as the raw SQL paths do: drizzle's
 * wrapper would put every parameter (key hashes, finding JSON) into the message and hide the
 * driver's `code` (unique violations are recognised by it).
 */
export async function runQuery<T>(fn: () => PromiseLike<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw err instanceof DrizzleQueryError && err.cause !== undefined ? err.cause : err;
  }
}

/** A drizzle query prepared once: run with the values of its `sql.placeholder`s. */
export interface PreparedDbQuery<R> {
  execute(values: Record<string, unknown>): PromiseLike<R> | R;
}

/**
 * A query whose SQL drizzle builds once per database instead of on every call (building is most of
 * a short statement's cost on SQLite). Made once per module, not per repository: repositories are
 * built for each transaction, the databases they run on are not. `build` uses `sql.placeholder` for
 * every value that changes (an inserted value is encoded by its column; one in a condition is bound
 * as given, so it must be text, a number or null). On PostgreSQL `name` names the server-side
 * prepared statement, and a transaction's database is new, so there it is built once per transaction.
 */
export function preparedQuery<R>(
  name: string,
  build: (db: Db, tables: Tables) => { prepare(name: string): PreparedDbQuery<R> },
): (db: Db, dialect: Dialect, values: Record<string, unknown>) => Promise<R> {
  const byDb = new WeakMap<Db, PreparedDbQuery<R>>();
  return async (db, dialect, values) => {
    let query = byDb.get(db);
    if (!query) {
      query = build(db, tablesFor(dialect)).prepare(name);
      byDb.set(db, query);
    }
    return query.execute(values);
  };
}
