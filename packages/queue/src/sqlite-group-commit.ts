import type BetterSqlite3 from 'better-sqlite3';

interface Unit {
  fn: () => unknown;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * Group commit for the SQLite driver's writes (enqueue, complete, fail). Writes requested in one
 * turn of the event loop run together at its end in one `BEGIN IMMEDIATE … COMMIT`; every promise
 * settles only after that COMMIT (and rejects when it fails). The writes are synchronous, so a group
 * never interleaves with a claim.
 *
 * A unit is one write statement (what every caller in this driver is), and SQLite undoes a failing
 * statement alone while the transaction goes on: that is the unit's savepoint, without the two extra
 * statements a SAVEPOINT/RELEASE pair would cost each write. A unit that throws after it wrote would
 * keep its write: callers do their checks before it.
 */
export class SqliteGroupCommit {
  private pending: Unit[] = [];
  private scheduled = false;
  private commitCount = 0;
  private readonly groupTx: BetterSqlite3.Transaction<(units: Unit[]) => Outcome[]>;

  constructor(
    private readonly db: BetterSqlite3.Database,
    /** Most writes per transaction: bounds the work done before anyone's answer. */
    private readonly maxUnits = 256,
  ) {
    this.groupTx = db.transaction((units: Unit[]) => units.map((u) => this.runUnit(u)));
  }

  /** Transactions committed so far (for tests). */
  get commits(): number {
    return this.commitCount;
  }

  /** Runs `fn` in the next group; resolves with its result once the group is committed. */
  run<T>(fn: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      if (this.scheduled) return;
      this.scheduled = true;
      setImmediate(() => this.flush());
    });
  }

  /** Commits every pending write now (also what `close` does before closing the database). */
  flush(): void {
    this.scheduled = false;
    while (this.pending.length > 0) this.commit(this.pending.splice(0, this.maxUnits));
  }

  private runUnit(u: Unit): Outcome {
    try {
      return { ok: true, value: u.fn() };
    } catch (error) {
      // SQLite rolled the whole transaction back (disk full, I/O error): the group fails with it.
      if (!this.db.inTransaction) throw error;
      return { ok: false, error };
    }
  }

  private commit(units: Unit[]): void {
    let outcomes: Outcome[];
    try {
      outcomes = this.groupTx.immediate(units);
      this.commitCount++;
    } catch (err) {
      for (const u of units) u.reject(err);
      return;
    }
    units.forEach((u, i) => {
      const o = outcomes[i]!;
      if (o.ok) u.resolve(o.value);
      else u.reject(o.error);
    });
  }
}
