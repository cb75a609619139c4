import type { Dialect } from './types.js';

export type Row = Record<string, unknown>;

/**
 * What the portable repositories run SQL through. SQL uses `?` placeholders (turned into `$n` for
 * PostgreSQL); parameters are strings, numbers, booleans or null. Reads may go to a read connection;
 * writes are serialised with transactions.
 */
export interface Executor {
  readonly dialect: Dialect;
  /** True inside `transaction`. */
  readonly inTransaction: boolean;
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
