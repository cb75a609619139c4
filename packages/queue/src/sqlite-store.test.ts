import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { resolveEnqueueOptions } from './options.js';
import { SqliteJobStore } from './sqlite-store.js';

function setup() {
  const clock = { t: 1_700_000_000_000 };
  const db = new Database(':memory:');
  const store = new SqliteJobStore(db, 'queue_jobs', () => clock.t);
  const add = (id: string, opts = {}) =>
    store.enqueue('q', id, 'n', '{}', resolveEnqueueOptions('n', { jobId: id, ...opts }));
  return { db, store, clock, add };
}

describe('SqliteJobStore', () => {
  it('claims through the claim index without sorting the queue', () => {
    const { db } = setup();
    const plan = db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT id FROM queue_jobs WHERE queue = 'q' AND state IN ('waiting', 'failed')
         AND run_at <= 0 ORDER BY priority, run_at LIMIT 1`,
      )
      .all() as { detail: string }[];
    expect(plan.map((p) => p.detail)).toEqual(['SEARCH queue_jobs USING INDEX queue_jobs_claim (queue=?)']);
  });

  it('gives an expired lease to the next claimer and counts the attempt', () => {
    const { store, clock, add } = setup();
    add('a');
    const first = store.claim('q', 'w1/1', 1000);
    expect(first.job).toMatchObject({ id: 'a', attempt: 1 });
    expect(store.claim('q', 'w2/1', 1000).job).toBeUndefined();
    clock.t += 999;
    expect(store.claim('q', 'w2/2', 1000).job).toBeUndefined();
    clock.t += 1;
    const second = store.claim('q', 'w2/3', 1000);
    expect(second.job).toMatchObject({ id: 'a', attempt: 2 });
    expect(second.job?.lastError).toMatch(/lease expired during attempt 1 \(worker w1\/1/);
    // The first worker's late result is ignored: it no longer holds the lease.
    expect(store.complete('q', 'a', 'w1/1')).toBe(false);
    expect(store.renew('q', 'a', 'w1/1', 1000)).toBe(false);
    expect(store.complete('q', 'a', 'w2/3')).toBe(true);
    expect(store.get('q', 'a')?.state).toBe('completed');
  });

  it('dead-letters a job started maxAttempts times without finishing', () => {
    const { store, clock, add } = setup();
    add('a', { maxAttempts: 2 });
    store.claim('q', 'w/1', 100);
    clock.t += 100;
    store.claim('q', 'w/2', 100);
    clock.t += 100;
    expect(store.claim('q', 'w/3', 100).job).toBeUndefined();
    expect(store.get('q', 'a')).toMatchObject({ state: 'dead', attempt: 3 });
    expect(store.get('q', 'a')?.lastError).toMatch(
      /^@scanrelay\/queue: started 2 times without finishing; last error: /,
    );
  });

  it('says how long to wait when the rate limit is reached', () => {
    const { store, clock, add } = setup();
    for (const id of ['a', 'b', 'c']) add(id);
    const rate = { max: 2, perMs: 1000 };
    expect(store.claim('q', 'w/1', 5000, rate).job?.id).toBe('a');
    clock.t += 300;
    expect(store.claim('q', 'w/2', 5000, rate).job?.id).toBe('b');
    expect(store.claim('q', 'w/3', 5000, rate)).toEqual({ job: undefined, waitMs: 700 });
    clock.t += 700;
    expect(store.claim('q', 'w/4', 5000, rate).job?.id).toBe('c');
  });

  it('releases a lease without counting a failure and keeps the job first in line', () => {
    const { store, add } = setup();
    add('a');
    add('b');
    const a = store.claim('q', 'w/1', 1000);
    expect(store.release('q', 'a', 'w/1')).toBe(true);
    expect(store.get('q', 'a')).toMatchObject({ state: 'waiting', attempt: 1 });
    expect(store.get('q', 'a')?.lastError).toBeUndefined();
    expect(a.job?.id).toBe('a');
    expect(store.claim('q', 'w/2', 1000).job).toMatchObject({ id: 'a', attempt: 2 });
  });

  it('derives delayed from a future run time and schedules retries after a failure', () => {
    const { store, clock, add } = setup();
    add('later', { delayMs: 500 });
    add('now');
    expect(store.counts('q')).toMatchObject({ waiting: 1, delayed: 1 });
    const job = store.claim('q', 'w/1', 1000).job!;
    expect(job.id).toBe('now');
    expect(store.fail('q', job, 'w/1', 'nope', 250)).toBe(true);
    expect(store.get('q', 'now')).toMatchObject({ state: 'failed', lastError: 'nope' });
    expect(Date.parse(store.get('q', 'now')!.runAt)).toBe(clock.t + 250);
    clock.t += 500;
    // Both are due; the retry's run time (t+250) comes before the delayed job's (t+500).
    expect(store.claim('q', 'w/2', 1000).job).toMatchObject({ id: 'now', attempt: 2 });
    expect(store.claim('q', 'w/3', 1000).job).toMatchObject({ id: 'later', attempt: 1 });
  });
});
