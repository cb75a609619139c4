import pg from 'pg';
import { type Db, pgDb, runQuery } from '../drizzle-db.js';
import type { Executor, Row } from '../executor.js';
import { StorageError } from '../storage-error.js';
import { redactUrl } from '../store-url.js';

const TIMESTAMPTZ = 1184;
const INT8 = 20;
const JSONB = 3802;
const JSON_OID = 114;

/** Rows look the same as SQLite's: times as ISO strings, bigints as numbers, JSON as text. */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === TIMESTAMPTZ) return (v: string) => new Date(v).toISOString();
    if (oid === INT8) return (v: string) => Number(v);
    if (oid === JSONB || oid === JSON_OID) return (v: string) => v;
    // biome-ignore lint/suspicious/noExplicitAny: pg's overloads
    return pg.types.getTypeParser(oid, format as any);
  },
};

const placeholderCache = new Map<string, string>();

/** `?` placeholders to `$1…$n` (the portable SQL never has `?` inside literals). */
function toPgPlaceholders(sql: string): string {
  let out = placeholderCache.get(sql);
  if (out === undefined) {
    let n = 0;
    out = sql.replace(/\?/g, () => `$${++n}`);
    placeholderCache.set(sql, out);
  }
  return out;
}

type Queryable = pg.Pool | pg.PoolClient;

export interface PgOptions {
  poolSize?: number;
  /** search_path for every connection. */
  schema?: string;
}

abstract class PgBase implements Executor {
  readonly dialect = 'postgres' as const;
  abstract readonly inTransaction: boolean;
  protected abstract readonly q: Queryable;
  protected abstract readonly db: Db;

  read<T>(query: (db: Db) => PromiseLike<T>): Promise<T> {
    return runQuery(() => query(this.db));
  }

  write<T>(query: (db: Db) => PromiseLike<T>): Promise<T> {
    return runQuery(() => query(this.db));
  }

  /** A query in native `$n` form (the bulk paths). */
  async query<T = Row>(
    text: string,
    params: readonly unknown[] = [],
  ): Promise<pg.QueryResult<T & pg.QueryResultRow>> {
    return this.q.query<T & pg.QueryResultRow>(text, params as unknown[]);
  }

  async all<T = Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return (await this.query<T>(toPgPlaceholders(sql), params)).rows;
  }

  async get<T = Row>(sql: string, params: readonly unknown[] = []): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  async run(sql: string, params: readonly unknown[] = []): Promise<number> {
    return (await this.query(toPgPlaceholders(sql), params)).rowCount ?? 0;
  }

  runReturning<T = Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return this.all<T>(sql, params);
  }

  abstract transaction<T>(fn: (tx: Executor) => Promise<T>): Promise<T>;
  abstract close(): Promise<void>;
}

export class PgExecutor extends PgBase {
  readonly inTransaction = false;
  readonly pool: pg.Pool;
  protected readonly db: Db;
  protected get q(): Queryable {
    return this.pool;
  }

  constructor(connectionString: string, opts: PgOptions = {}) {
    super();
    if (opts.schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(opts.schema)) {
      throw new TypeError(
        `@scanrelay/storage: schema must be a lower-case SQL identifier, got "${opts.schema}"`,
      );
    }
    this.pool = new pg.Pool({
      connectionString,
      max: opts.poolSize ?? 10,
      types,
      options: opts.schema ? `-c search_path=${opts.schema}` : undefined,
    });
    this.pool.on('error', () => {
      // An idle client lost its connection; the pool replaces it. Queries report their own errors.
    });
    this.db = pgDb(this.pool);
    this.url = redactUrl(connectionString);
  }

  readonly url: string;

  async transaction<T>(fn: (tx: Executor) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (cause) {
      throw new StorageError(
        'connection_failed',
        `could not connect to ${this.url}: ${(cause as Error).message}`,
        { cause },
      );
    }
    try {
      await client.query('BEGIN');
      try {
        const result = await fn(new PgTxExecutor(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      }
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

class PgTxExecutor extends PgBase {
  readonly inTransaction = true;
  protected readonly db: Db;
  constructor(readonly client: pg.PoolClient) {
    super();
    this.db = pgDb(client);
  }
  protected get q(): Queryable {
    return this.client;
  }
  transaction<T>(fn: (tx: Executor) => Promise<T>): Promise<T> {
    return fn(this);
  }
  async close(): Promise<void> {}
}

export type AnyPgExecutor = PgExecutor | PgTxExecutor;
