import type { Db } from './drizzle-db.js';
import type { Dialect } from './types.js';

export type Row = Record<string, unknown>;

/**
 * What the repositories run queries through: drizzle queries with `read`/`write` (the repositories),
 * raw SQL with the others (migrations and the bulk paths). Raw SQL uses `?` placeholders (turned into
 * `$n` for PostgreSQL); parameters are strings, numbers, booleans or null. Reads may go to a read
 * connection; writes are serialised with transactions.
 */
export interface Executor {
  readonly dialect: Dialect;
  /** True inside `transaction`. */
  readonly inTransaction: boolean;
  /** A drizzle query that only reads (SQLite outside a transaction: the WAL read connection). */
  read<T>(query: (db: Db) => PromiseLike<T>): Promise<T>;
  /** A drizzle query that writes (SQLite: on the write connection, serialised like `run`). */
  write<T>(query: (db: Db) => PromiseLike<T>): Promise<T>;
  all<T = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  get<T = Row>(sql: string, params?: readonly unknown[]): Promise<T | undefined>;
  /** A write; returns the number of rows changed. */
  run(sql: string, params?: readonly unknown[]): Promise<number>;
  /** A write with `RETURNING`. */
  runReturning<T = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs `fn` in one transaction; joins the current one when already inside. */
  transaction<T>(fn: (tx: Executor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
