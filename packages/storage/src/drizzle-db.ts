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
