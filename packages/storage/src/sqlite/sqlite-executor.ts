import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { AsyncMutex } from '../async-mutex.js';
import { type Db, runQuery, sqliteDb } from '../drizzle-db.js';
import type { Executor, Row } from '../executor.js';
import { StorageError } from '../storage-error.js';
import { GroupCommit, type GroupCommitOptions } from './group-commit.js';
import { WalCheckpointer } from './group-commit-checkpointer.js';
import { withStatementCache } from './statement-cache.js';

export interface SqliteOptions {
  busyTimeoutMs?: number;
  /** How writes arriving together share one commit. */
  groupCommit?: GroupCommitOptions;
}

/** WAL pages at which the write connection checkpoints itself (SQLite's default is 1,000). */
const BACKSTOP_CHECKPOINT_PAGES = 4000;

function open(filename: string, busyTimeoutMs: number, readonly = false): Database.Database {
  const db = new Database(filename, { readonly, fileMustExist: readonly });
  db.pragma(`busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
  if (!readonly && filename !== ':memory:') {
    db.pragma('journal_mode = WAL');
    // A backstop: checkpoints run in a worker (`WalCheckpointer`), not in this connection's COMMITs.
    db.pragma(`wal_autocheckpoint = ${BACKSTOP_CHECKPOINT_PAGES}`);
  }
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  if (!readonly) {
    // 64 MiB of page cache (the default is 2 MiB): a large import touches index pages all over the file.
    db.pragma('cache_size = -65536');
    // The sub-journal of the group commit's savepoints in memory: on disk (the default) it spilled to a
    // temporary file in every group past 64 KiB, two writes for every page a unit touched.
    db.pragma('temp_store = MEMORY');
  }
  return db;
}

/** better-sqlite3 binds no booleans and no undefined. */
function bind(params: readonly unknown[]): unknown[] {
  return params.map((p) => (p === true ? 1 : p === false ? 0 : p === undefined ? null : p));
}

/**
 * One write connection and, for a file, one read connection: WAL readers see the last commit and
 * never wait for a long ingest. Writes and transactions are group-committed (`GroupCommit`): those
 * that arrive together run one after another in one transaction, each resolved once it is durable.
 */
export class SqliteExecutor implements Executor {
  readonly dialect = 'sqlite' as const;
  readonly writer: Database.Database;
  /** drizzle on the write connection. */
  readonly writeDb: Db;
  readonly #reader: Database.Database | undefined;
  readonly #readDb: Db | undefined;
  readonly #mutex = new AsyncMutex();
  readonly #statements = new Map<string, Database.Statement>();
  readonly #readStatements = new Map<string, Database.Statement>();
  readonly #group: GroupCommit;
  readonly #checkpointer: WalCheckpointer | undefined;
  #closed = false;

  constructor(
    readonly filename: string,
    opts: SqliteOptions = {},
  ) {
    const busy = opts.busyTimeoutMs ?? 5000;
    if (filename !== ':memory:') mkdirSync(path.dirname(filename), { recursive: true });
    try {
      this.writer = open(filename, busy);
      this.#reader = filename === ':memory:' ? undefined : open(filename, busy, true);
    } catch (cause) {
      throw new StorageError(
        'connection_failed',
        `could not open SQLite database "${filename}": ${(cause as Error).message}`,
        { cause },
      );
    }
    this.writeDb = sqliteDb(withStatementCache(this.writer));
    this.#readDb = this.#reader && sqliteDb(withStatementCache(this.#reader));
    const checkpointer = filename === ':memory:' ? undefined : new WalCheckpointer(filename);
    this.#checkpointer = checkpointer;
    this.#group = new GroupCommit(
      this.writer,
      this.#mutex,
      () => this.#check(),
      opts.groupCommit,
      checkpointer && (() => checkpointer.committed()),
    );
  }

  /** Transactions committed on the write connection so far (one per group). */
  get commits(): number {
    return this.#group.commits;
  }

  /** WAL checkpoints run off the write connection so far (for tests). */
  get checkpoints(): number {
    return this.#checkpointer?.checkpoints ?? 0;
  }

  get inTransaction(): boolean {
    return false;
  }

  /** A cached prepared statement on the write connection (for the bulk paths). */
  prepare(sql: string): Database.Statement {
    let s = this.#statements.get(sql);
    if (!s) {
      s = this.writer.prepare(sql);
      this.#statements.set(sql, s);
    }
    return s;
  }

  #prepareRead(sql: string): Database.Statement {
    if (!this.#reader) return this.prepare(sql);
    let s = this.#readStatements.get(sql);
    if (!s) {
      s = this.#reader.prepare(sql);
      this.#readStatements.set(sql, s);
    }
    return s;
  }

  #check(): void {
    if (this.#closed) throw new StorageError('closed', 'the store is closed');
  }

  /** A read of the in-memory database (one connection): between groups, never inside one. */
  async #exclusive<T>(fn: () => T | PromiseLike<T>): Promise<T> {
    this.#check();
    const release = await this.#mutex.acquire();
    try {
      this.#check();
      return await fn();
    } finally {
      release();
    }
  }

  async all<T = Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    if (!this.#reader) return this.#exclusive(() => this.prepare(sql).all(...bind(params)) as T[]);
    this.#check();
    return this.#prepareRead(sql).all(...bind(params)) as T[];
  }

  async get<T = Row>(sql: string, params: readonly unknown[] = []): Promise<T | undefined> {
    if (!this.#reader) return this.#exclusive(() => this.prepare(sql).get(...bind(params)) as T | undefined);
    this.#check();
    return this.#prepareRead(sql).get(...bind(params)) as T | undefined;
  }

  // drizzle on better-sqlite3 runs a query synchronously when it is awaited, so it too stays
  // inside the lock.
  read<T>(query: (db: Db) => PromiseLike<T>): Promise<T> {
    const db = this.#readDb;
    if (!db) return this.#exclusive(() => runQuery(() => query(this.writeDb)));
    this.#check();
    return runQuery(() => query(db));
  }

  /** Runs `fn` in the next group transaction; settles once that transaction is committed. */
  async #grouped<T>(fn: () => Promise<T>): Promise<T> {
    this.#check();
    return this.#group.run(fn);
  }

  write<T>(query: (db: Db) => PromiseLike<T>): Promise<T> {
    return this.#grouped(() => runQuery(() => query(this.writeDb)));
  }

  run(sql: string, params: readonly unknown[] = []): Promise<number> {
    return this.#grouped(async () => this.prepare(sql).run(...bind(params)).changes);
  }

  runReturning<T = Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return this.#grouped(async () => this.prepare(sql).all(...bind(params)) as T[]);
  }

  transaction<T>(fn: (tx: Executor) => Promise<T>): Promise<T> {
    return this.#grouped(() => fn(new SqliteTxExecutor(this)));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    const release = await this.#mutex.acquire();
    try {
      if (this.#closed) return;
      this.#closed = true;
      // The write connection closes last: as the last connection it checkpoints and removes the WAL.
      await this.#checkpointer?.close();
      this.#reader?.close();
      this.writer.close();
    } finally {
      release();
    }
  }
}

/** The executor inside a transaction: the write connection, no waiting. */
export class SqliteTxExecutor implements Executor {
  readonly dialect = 'sqlite' as const;
  constructor(readonly root: SqliteExecutor) {}

  get inTransaction(): boolean {
    return true;
  }

  read<T>(query: (db: Db) => PromiseLike<T>): Promise<T> {
    return runQuery(() => query(this.root.writeDb));
  }

  write<T>(query: (db: Db) => PromiseLike<T>): Promise<T> {
    return runQuery(() => query(this.root.writeDb));
  }

  async all<T = Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return this.root.prepare(sql).all(...bind(params)) as T[];
  }

  async get<T = Row>(sql: string, params: readonly unknown[] = []): Promise<T | undefined> {
    return this.root.prepare(sql).get(...bind(params)) as T | undefined;
  }

  async run(sql: string, params: readonly unknown[] = []): Promise<number> {
    return this.root.prepare(sql).run(...bind(params)).changes;
  }

  async runReturning<T = Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return this.root.prepare(sql).all(...bind(params)) as T[];
  }

  transaction<T>(fn: (tx: Executor) => Promise<T>): Promise<T> {
    return fn(this);
  }

  async close(): Promise<void> {}
}
