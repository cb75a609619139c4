import type BetterSqlite3 from 'better-sqlite3';
import type { ResolvedEnqueueOptions } from './options.js';
import { ensureSchema, type JobRow } from './sqlite-schema.js';
import type { Job, JobState } from './types.js';

export type ClaimResult = { job: Job; owner: string } | { job: undefined; waitMs?: number };

const jobStates: JobState[] = ['waiting', 'delayed', 'active', 'completed', 'failed', 'dead'];

/** How many exhausted jobs one claim may move to dead before giving up for this round. */
const maxDeadPerClaim = 20;

/**
 * The SQL of the SQLite driver. Every method is one statement or one IMMEDIATE transaction, so
 * several processes on the same file (WAL) never see a job half-claimed.
 */
export class SqliteJobStore {
  private readonly s;
  private readonly claimTx;

  constructor(
    db: BetterSqlite3.Database,
    table: string,
    private readonly now: () => number,
  ) {
    ensureSchema(db, table);
    const t = `"${table}"`;
    const starts = `"${table}_starts"`;
    this.s = {
      // A new job comes back from the INSERT itself; an existing one (no row returned) is read.
      insert: db.prepare<Record<string, unknown>, JobRow>(
        `INSERT INTO ${t} (queue, id, name, data, state, priority, attempt, max_attempts, run_at, created_at)
         VALUES (@queue, @id, @name, @data, 'waiting', @priority, 0, @maxAttempts, @runAt, @now)
         ON CONFLICT (queue, id) DO NOTHING
         RETURNING *`,
      ),
      get: db.prepare<[string, string], JobRow>(`SELECT * FROM ${t} WHERE queue = ? AND id = ?`),
      reap: db.prepare(
        `UPDATE ${t} SET state = 'waiting', lease_owner = NULL, lease_until = NULL,
           last_error = '@scanrelay/queue: the lease expired during attempt ' || attempt
             || ' (worker ' || lease_owner || ' stopped renewing it: crashed, killed or blocked)'
         WHERE queue = @queue AND state = 'active' AND lease_until <= @now`,
      ),
      claim: db.prepare<Record<string, unknown>, JobRow>(
        `UPDATE ${t} SET state = 'active', attempt = attempt + 1, lease_owner = @owner,
           lease_until = @leaseUntil, started_at = @now
         WHERE queue = @queue AND id = (
           SELECT id FROM ${t} WHERE queue = @queue AND state IN ('waiting', 'failed') AND run_at <= @now
           ORDER BY priority, run_at LIMIT 1)
         RETURNING *`,
      ),
      exhaust: db.prepare(
        `UPDATE ${t} SET state = 'dead', finished_at = @now, lease_owner = NULL, lease_until = NULL,
           last_error = '@scanrelay/queue: started ' || max_attempts || ' times without finishing'
             || COALESCE('; last error: ' || last_error, '')
         WHERE queue = @queue AND id = @id`,
      ),
      pruneStarts: db.prepare(`DELETE FROM ${starts} WHERE queue = ? AND started_at <= ?`),
      countStarts: db.prepare<[string], { n: number; oldest: number | null }>(
        `SELECT COUNT(*) AS n, MIN(started_at) AS oldest FROM ${starts} WHERE queue = ?`,
      ),
      addStart: db.prepare(`INSERT INTO ${starts} (queue, started_at) VALUES (?, ?)`),
      renew: db.prepare(
        `UPDATE ${t} SET lease_until = @leaseUntil
         WHERE queue = @queue AND id = @id AND state = 'active' AND lease_owner = @owner`,
      ),
      complete: db.prepare(
        `UPDATE ${t} SET state = 'completed', finished_at = @now, lease_owner = NULL, lease_until = NULL
         WHERE queue = @queue AND id = @id AND state = 'active' AND lease_owner = @owner`,
      ),
      fail: db.prepare(
        `UPDATE ${t} SET state = @state, run_at = @runAt, finished_at = @finishedAt, last_error = @error,
           lease_owner = NULL, lease_until = NULL
         WHERE queue = @queue AND id = @id AND state = 'active' AND lease_owner = @owner`,
      ),
      release: db.prepare(
        `UPDATE ${t} SET state = 'waiting', lease_owner = NULL, lease_until = NULL
         WHERE queue = @queue AND id = @id AND state = 'active' AND lease_owner = @owner`,
      ),
      counts: db.prepare<Record<string, unknown>, { s: JobState; n: number }>(
        `SELECT CASE WHEN state = 'waiting' AND run_at > @now THEN 'delayed' ELSE state END AS s, COUNT(*) AS n
         FROM ${t} WHERE queue = @queue GROUP BY s`,
      ),
      dead: db.prepare<[string, number], JobRow>(
        `SELECT * FROM ${t} WHERE queue = ? AND state = 'dead' ORDER BY finished_at DESC, rowid DESC LIMIT ?`,
      ),
      retryDead: db.prepare(
        `UPDATE ${t} SET state = 'waiting', attempt = 0, run_at = @now, last_error = NULL, finished_at = NULL
         WHERE queue = @queue AND id = @id AND state = 'dead'`,
      ),
    };
    this.claimTx = db.transaction(
      (queue: string, owner: string, leaseMs: number, rate?: { max: number; perMs: number }): ClaimResult => {
        const now = this.now();
        this.s.reap.run({ queue, now });
        if (rate) {
          this.s.pruneStarts.run(queue, now - rate.perMs);
          const { n, oldest } = this.s.countStarts.get(queue)!;
          if (n >= rate.max)
            return { job: undefined, waitMs: Math.max(1, (oldest ?? now) + rate.perMs - now) };
        }
        for (let i = 0; i < maxDeadPerClaim; i++) {
          const row = this.s.claim.get({ queue, owner, leaseUntil: now + leaseMs, now });
          if (!row) return { job: undefined };
          if (row.attempt > row.max_attempts) {
            this.s.exhaust.run({ queue, id: row.id, now });
            continue;
          }
          if (rate) this.s.addStart.run(queue, now);
          return { job: this.toJob(row), owner };
        }
        return { job: undefined, waitMs: 1 };
      },
    );
  }

  enqueue(queue: string, id: string, name: string, data: string, opts: ResolvedEnqueueOptions): Job {
    const now = this.now();
    const inserted = this.s.insert.get({
      queue,
      id,
      name,
      data,
      priority: opts.priority,
      maxAttempts: opts.maxAttempts,
      runAt: now + opts.delayMs,
      now,
    });
    return this.toJob(inserted ?? this.s.get.get(queue, id)!);
  }

  /** Takes the next due job, or says how long to wait when the queue's rate limit is reached. */
  claim(queue: string, owner: string, leaseMs: number, rate?: { max: number; perMs: number }): ClaimResult {
    return this.claimTx.immediate(queue, owner, leaseMs, rate);
  }

  renew(queue: string, id: string, owner: string, leaseMs: number): boolean {
    return this.s.renew.run({ queue, id, owner, leaseUntil: this.now() + leaseMs }).changes > 0;
  }

  complete(queue: string, id: string, owner: string): boolean {
    return this.s.complete.run({ queue, id, owner, now: this.now() }).changes > 0;
  }

  /** Records a failed attempt: dead after the last attempt, else due again after `retryInMs`. */
  fail(queue: string, job: Job, owner: string, error: string, retryInMs: number): boolean {
    const now = this.now();
    const dead = job.attempt >= job.maxAttempts;
    const params = {
      queue,
      id: job.id,
      owner,
      error,
      state: dead ? 'dead' : 'failed',
      runAt: dead ? now : now + retryInMs,
      finishedAt: dead ? now : null,
    };
    return this.s.fail.run(params).changes > 0;
  }

  release(queue: string, id: string, owner: string): boolean {
    return this.s.release.run({ queue, id, owner }).changes > 0;
  }

  get(queue: string, id: string): Job | undefined {
    const row = this.s.get.get(queue, id);
    return row ? this.toJob(row) : undefined;
  }

  counts(queue: string): Record<JobState, number> {
    const out = Object.fromEntries(jobStates.map((s) => [s, 0])) as Record<JobState, number>;
    for (const { s, n } of this.s.counts.all({ queue, now: this.now() })) out[s] = n;
    return out;
  }

  listDead(queue: string, limit: number): Job[] {
    return this.s.dead.all(queue, limit).map((row) => this.toJob(row));
  }

  retryDead(queue: string, id: string): boolean {
    return this.s.retryDead.run({ queue, id, now: this.now() }).changes > 0;
  }

  private toJob(row: JobRow): Job {
    const state: JobState = row.state === 'waiting' && row.run_at > this.now() ? 'delayed' : row.state;
    const job: Job = {
      id: row.id,
      queue: row.queue,
      name: row.name,
      data: JSON.parse(row.data),
      attempt: row.attempt,
      maxAttempts: row.max_attempts,
      state,
      createdAt: new Date(row.created_at).toISOString(),
      runAt: new Date(row.run_at).toISOString(),
    };
    if (row.last_error !== null) job.lastError = row.last_error;
    if (row.finished_at !== null) job.finishedAt = new Date(row.finished_at).toISOString();
    return job;
  }
}
