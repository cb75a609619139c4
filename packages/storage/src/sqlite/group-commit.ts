import type Database from 'better-sqlite3';
import type { AsyncMutex } from '../async-mutex.js';

export interface GroupCommitOptions {
  /** Most units in one transaction (default 64): bounds how long the first one waits for its commit. */
  maxUnits?: number;
  /**
   * Stop taking units into a group once it has run this long (default 20 ms): a long unit (an ingest
   * batch) delays only the units already in its group; the rest go into the next one.
   */
  maxGroupMs?: number;
}

interface Unit {
  fn: () => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** The transaction-control statements of a group, prepared once: `exec` would parse them on every use. */
function controlStatements(db: Database.Database) {
  const prepared = (sql: string) => {
    let stmt: Database.Statement | undefined;
    return () => {
      stmt ??= db.prepare(sql);
      stmt.run();
    };
  };
  return {
    begin: prepared('BEGIN IMMEDIATE'),
    commit: prepared('COMMIT'),
    rollback: prepared('ROLLBACK'),
    savepoint: prepared('SAVEPOINT unit'),
    release: prepared('RELEASE unit'),
    rollbackTo: prepared('ROLLBACK TO unit'),
  };
}

/**
 * Group commit on one SQLite write connection. Units (a write, or a transaction) queued while a
 * group runs go together into the next `BEGIN IMMEDIATE … COMMIT`, each in its own SAVEPOINT so that
 * one unit's failure rolls back only that unit. A unit's promise settles only after the COMMIT that
 * made its writes durable, and rejects when that COMMIT fails. Groups run in arrival order, so a
 * long unit delays the others but never starves them.
 */
export class GroupCommit {
  readonly #db: Database.Database;
  readonly #lock: AsyncMutex;
  readonly #check: () => void;
  readonly #maxUnits: number;
  readonly #maxGroupMs: number;
  readonly #afterCommit: (() => void) | undefined;
  readonly #sql: ReturnType<typeof controlStatements>;
  #pending: Unit[] = [];
  #scheduled = false;
  #commits = 0;

  constructor(
    db: Database.Database,
    lock: AsyncMutex,
    check: () => void,
    opts: GroupCommitOptions = {},
    /** Told after every COMMIT (e.g. to checkpoint the WAL elsewhere). */
    afterCommit?: () => void,
  ) {
    this.#db = db;
    this.#sql = controlStatements(db);
    this.#afterCommit = afterCommit;
    this.#lock = lock;
    this.#check = check;
    this.#maxUnits = Math.max(1, opts.maxUnits ?? 64);
    this.#maxGroupMs = opts.maxGroupMs ?? 20;
  }

  /** Transactions committed so far (for tests and metrics). */
  get commits(): number {
    return this.#commits;
  }

  /** Runs `fn` in the next group; resolves with its result once the group is committed. */
  run<T>(fn: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#pending.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      this.#schedule();
    });
  }

  // Deferred to the check phase so that every request handled in this turn of the event loop joins.
  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => void this.#flush());
  }

  async #flush(): Promise<void> {
    const release = await this.#lock.acquire();
    this.#scheduled = false;
    try {
      const group = this.#pending;
      this.#pending = [];
      try {
        this.#check();
      } catch (err) {
        for (const u of group) u.reject(err);
        return;
      }
      let rest: Unit[];
      try {
        rest = await this.#runGroup(group.slice(0, this.#maxUnits));
      } catch (err) {
        // The connection failed under the group (e.g. closed): nothing of it was committed.
        for (const u of group.slice(0, this.#maxUnits)) u.reject(err);
        rest = [];
      }
      this.#pending = [...rest, ...group.slice(this.#maxUnits), ...this.#pending];
    } finally {
      release();
      if (this.#pending.length > 0) this.#schedule();
    }
  }

  /** Runs units until the group is full or old enough, commits, settles them; returns those not run. */
  async #runGroup(units: Unit[]): Promise<Unit[]> {
    const db = this.#db;
    const sql = this.#sql;
    const started = performance.now();
    const done: Unit[] = [];
    const outcomes: Outcome[] = [];
    const alone = units.length === 1;
    try {
      sql.begin();
    } catch (err) {
      for (const u of units) u.reject(err);
      return [];
    }
    let i = 0;
    for (; i < units.length; i++) {
      if (i > 0 && performance.now() - started > this.#maxGroupMs) break;
      const unit = units[i]!;
      done.push(unit);
      if (!alone) sql.savepoint();
      try {
        const value = await unit.fn();
        if (!alone) sql.release();
        outcomes.push({ ok: true, value });
      } catch (error) {
        outcomes.push({ ok: false, error });
        if (!db.inTransaction) {
          // SQLite rolled the whole transaction back (disk full, I/O error): the units before are lost too.
          this.#settleLost(done, outcomes, error);
          return units.slice(i + 1);
        }
        if (!alone) {
          sql.rollbackTo();
          sql.release();
        }
      }
    }
    try {
      if (alone && !outcomes[0]!.ok) sql.rollback();
      else {
        sql.commit();
        this.#commits++;
        this.#afterCommit?.();
      }
    } catch (error) {
      if (db.inTransaction) sql.rollback();
      for (const u of done) u.reject(error);
      return units.slice(i);
    }
    done.forEach((u, k) => {
      const o = outcomes[k]!;
      if (o.ok) u.resolve(o.value);
      else u.reject(o.error);
    });
    return units.slice(i);
  }

  // The whole group shares the fate of the write that made SQLite roll back: they get its error.
  #settleLost(done: Unit[], outcomes: Outcome[], cause: unknown): void {
    done.forEach((u, k) => {
      const o = outcomes[k]!;
      u.reject(o.ok ? cause : o.error);
    });
  }
}
