import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import {
  type ConsumeOptions,
  type Consumer,
  isQueueError,
  type Job,
  type JobHandler,
  type Queue,
} from '../src/index.js';
import { type Backend, createBackend, type DriverName, sleep, waitFor } from './support.js';

/** The behaviour every driver must show; run once per driver by the *.test.ts files. */
export function queueBehaviour(driver: DriverName): void {
  let backend: Backend;
  const consumers: Consumer[] = [];
  const consume = <T>(q: Queue, name: string, handler: JobHandler<T>, opts: ConsumeOptions = {}) => {
    const c = q.consume<T>(name, handler, { pollMs: 20, leaseMs: 1000, ...opts });
    consumers.push(c);
    return c;
  };
  const stateOf = async (q: Queue, name: string, id: string) => (await q.getJob(name, id))?.state;

  beforeAll(() => {
    backend = createBackend(driver);
  });
  afterEach(async () => {
    await Promise.all(consumers.splice(0).map((c) => c.close(0)));
  });
  afterAll(async () => {
    await backend.cleanup();
  });

  it('enqueues a job and hands it to a handler once, then shows it completed', async () => {
    const q = backend.open();
    const name = backend.queueName();
    const job = await q.enqueue(name, 'ingest', { upload: 'u-1', size: 3 });
    expect(job).toMatchObject({ queue: name, name: 'ingest', data: { upload: 'u-1', size: 3 }, attempt: 0 });
    expect(job).toMatchObject({ state: 'waiting', maxAttempts: 5 });
    expect(job.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await q.counts(name)).toMatchObject({ waiting: 1, active: 0, completed: 0 });

    const seen: Job[] = [];
    consume(q, name, async (j: Job, ctx) => {
      await ctx.extendLease();
      seen.push(j);
    });
    const done = await waitFor('completion', async () => (await stateOf(q, name, job.id)) === 'completed');
    expect(done).toBe(true);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      id: job.id,
      attempt: 1,
      state: 'active',
      data: { upload: 'u-1', size: 3 },
    });
    const stored = await q.getJob(name, job.id);
    expect(stored?.finishedAt).toBeDefined();
    expect(stored?.lastError).toBeUndefined();
    expect(await q.counts(name)).toMatchObject({ waiting: 0, active: 0, completed: 1, dead: 0 });
    expect(await q.getJob(name, 'no-such-job')).toBeUndefined();
    expect(await q.ping()).toBe(true);
  });

  it('keeps one job per jobId, whatever characters the id has', async () => {
    const q = backend.open();
    const name = backend.queueName();
    const first = await q.enqueue(name, 'fetch', { v: 1 }, { jobId: 'invicti:scan:42' });
    const again = await q.enqueue(name, 'fetch', { v: 2 }, { jobId: 'invicti:scan:42' });
    const numeric = await q.enqueue(name, 'fetch', { v: 3 }, { jobId: '42' });
    expect(first.id).toBe('invicti:scan:42');
    expect(again).toMatchObject({ id: 'invicti:scan:42', data: { v: 1 } });
    expect(numeric.id).toBe('42');
    expect((await q.counts(name)).waiting).toBe(2);

    const ids: string[] = [];
    consume(q, name, async (j: Job) => {
      ids.push(j.id);
    });
    await waitFor('two completions', async () => (await q.counts(name)).completed === 2);
    expect(ids.sort()).toEqual(['42', 'invicti:scan:42']);
    const late = await q.enqueue(name, 'fetch', { v: 4 }, { jobId: '42' });
    expect(late).toMatchObject({ id: '42', state: 'completed', data: { v: 3 } });
  });

  it('holds a delayed job until its time', async () => {
    const q = backend.open();
    const name = backend.queueName();
    const job = await q.enqueue(name, 'later', {}, { delayMs: 400 });
    expect(job.state).toBe('delayed');
    expect(Date.parse(job.runAt) - Date.parse(job.createdAt)).toBe(400);
    expect((await q.counts(name)).delayed).toBe(1);
    let startedAt = 0;
    consume(q, name, async () => {
      startedAt = Date.now();
    });
    await waitFor('the delayed job', async () => (await stateOf(q, name, job.id)) === 'completed');
    // Clocks are read in milliseconds by two parties: allow their rounding, nothing more.
    expect(startedAt).toBeGreaterThanOrEqual(Date.parse(job.runAt) - 5);
  });

  it('runs lower priority values first', async () => {
    const q = backend.open();
    const name = backend.queueName();
    for (const p of [3, -1, 0, 7, 1]) await q.enqueue(name, `p${p}`, { p }, { priority: p });
    const order: number[] = [];
    consume(q, name, async (j: Job<{ p: number }>) => {
      order.push(j.data.p);
    });
    await waitFor('five completions', async () => (await q.counts(name)).completed === 5);
    expect(order).toEqual([-1, 0, 1, 3, 7]);
  });

  it('runs at most `concurrency` handlers at once', async () => {
    const q = backend.open();
    const name = backend.queueName();
    for (let i = 0; i < 8; i++) await q.enqueue(name, 'work', { i });
    let started = 0;
    let inFlight = 0;
    let most = 0;
    consume(
      q,
      name,
      async () => {
        started++;
        inFlight++;
        most = Math.max(most, inFlight);
        // Hold each handler until three run at once (or every job has started), however slowly the
        // consumer picks them up; then a little longer, so that a fourth would be seen if one started.
        await waitFor('three handlers at once', () => inFlight >= 3 || started === 8);
        await sleep(50);
        inFlight--;
      },
      { concurrency: 3 },
    );
    await waitFor('eight completions', async () => (await q.counts(name)).completed === 8);
    expect(most).toBe(3);
  });

  it('retries with exponential backoff, then dead-letters the job with its last error', async () => {
    const q = backend.open({ random: () => 0.999 });
    const name = backend.queueName();
    const job = await q.enqueue(name, 'flaky', {}, { maxAttempts: 3 });
    const starts: number[] = [];
    consume(
      q,
      name,
      async (j: Job) => {
        starts.push(Date.now());
        throw new Error(`boom on attempt ${j.attempt}`);
      },
      { backoff: { baseMs: 100, maxMs: 150 } },
    );
    const dead = await waitFor('the dead letter', async () => {
      const j = await q.getJob(name, job.id);
      return j?.state === 'dead' ? j : undefined;
    });
    expect(dead).toMatchObject({ attempt: 3, maxAttempts: 3, lastError: 'boom on attempt 3' });
    expect(dead.finishedAt).toBeDefined();
    expect(starts).toHaveLength(3);
    // Delays: floor(0.999 * 100) = 99 ms after attempt 1, then capped at floor(0.999 * 150) = 149 ms.
    expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(99 - 5);
    expect(starts[2]! - starts[1]!).toBeGreaterThanOrEqual(149 - 5);
    const listed = await q.listDead(name);
    expect(listed.map((j) => [j.id, j.lastError])).toEqual([[job.id, 'boom on attempt 3']]);
    expect(await q.counts(name)).toMatchObject({ dead: 1, completed: 0, active: 0 });
  });

  it('shows a failed attempt as failed with its error while it waits for the retry', async () => {
    const q = backend.open({ random: () => 0.5 });
    const name = backend.queueName();
    const job = await q.enqueue(name, 'flaky', {});
    consume(
      q,
      name,
      async () => {
        throw new Error('upstream 503');
      },
      { backoff: { baseMs: 60_000, maxMs: 60_000 } },
    );
    const failed = await waitFor('the failed attempt', async () => {
      const j = await q.getJob(name, job.id);
      return j?.state === 'failed' ? j : undefined;
    });
    expect(failed).toMatchObject({ attempt: 1, lastError: 'upstream 503' });
    expect(Date.parse(failed.runAt)).toBeGreaterThan(Date.now() + 20_000);
  });

  it('moves a dead job back to waiting with retryDead, and it can then complete', async () => {
    const q = backend.open();
    const name = backend.queueName();
    const job = await q.enqueue(name, 'once', { x: 1 }, { maxAttempts: 1 });
    let fail = true;
    const attempts: number[] = [];
    const consumer = consume(q, name, async (j: Job) => {
      attempts.push(j.attempt);
      if (fail) throw new Error('bad input');
    });
    await waitFor('the dead letter', async () => (await stateOf(q, name, job.id)) === 'dead');
    await consumer.close();
    expect(await q.retryDead(name, 'no-such-job')).toBe(false);
    expect(await q.retryDead(name, job.id)).toBe(true);
    expect(await q.getJob(name, job.id)).toMatchObject({ state: 'waiting', attempt: 0 });
    expect(await q.retryDead(name, job.id)).toBe(false);
    fail = false;
    consume(q, name, async (j: Job) => {
      attempts.push(j.attempt);
    });
    await waitFor('completion after retry', async () => (await stateOf(q, name, job.id)) === 'completed');
    expect(attempts).toEqual([1, 1]);
    expect(await q.listDead(name)).toEqual([]);
  });

  it('starts no more than `max` jobs per window when rate-limited', async () => {
    const q = backend.open();
    const name = backend.queueName();
    for (let i = 0; i < 6; i++) await q.enqueue(name, 'call', { i });
    const starts: number[] = [];
    consume(
      q,
      name,
      async () => {
        starts.push(Date.now());
      },
      { concurrency: 6, rateLimit: { max: 2, perMs: 400 } },
    );
    await waitFor('six completions', async () => (await q.counts(name)).completed === 6);
    starts.sort((a, b) => a - b);
    // Any three starts span at least one window. The handler sees a start a little after the
    // backend counted it, and that lag varies: allow 60 ms of it.
    const spans = starts.slice(2).map((t, i) => t - starts[i]!);
    expect(Math.min(...spans), `spans ${spans.join(', ')}`).toBeGreaterThanOrEqual(400 - 60);
  });

  it('renews the lease of a handler that runs longer than the lease, so no one else runs it', async () => {
    const q = backend.open();
    const other = backend.open();
    const name = backend.queueName();
    const job = await q.enqueue(name, 'long', {});
    const runs: string[] = [];
    // The handler runs well over two leases. The lease leaves a loaded machine time to renew
    // (renewals come every third of it), so only a missing renewal lets the other consumer in.
    const leaseMs = 1500;
    const handler = (who: string) => async (j: Job) => {
      runs.push(`${who}:${j.attempt}`);
      await sleep(leaseMs * 2.5);
    };
    consume(q, name, handler('a'), { leaseMs });
    await waitFor('the first start', () => runs.length === 1);
    consume(other, name, handler('b'), { leaseMs });
    await waitFor('completion', async () => (await stateOf(q, name, job.id)) === 'completed');
    expect(runs).toEqual(['a:1']);
    expect((await q.getJob(name, job.id))?.lastError).toBeUndefined();
  });

  it('close() waits for a running handler to finish', async () => {
    const q = backend.open();
    const name = backend.queueName();
    const job = await q.enqueue(name, 'short', {});
    let started = false;
    const consumer = consume(q, name, async () => {
      started = true;
      await sleep(300);
    });
    await waitFor('the start', () => started);
    await consumer.close(10_000);
    expect(await q.getJob(name, job.id)).toMatchObject({ state: 'completed', attempt: 1 });
  });

  it('close() gives back a job whose handler outlives the timeout, without counting a failure', async () => {
    const q = backend.open();
    const name = backend.queueName();
    const job = await q.enqueue(name, 'stuck', {});
    let reason: unknown;
    let started = false;
    const consumer = consume(q, name, async (_j: Job, ctx) => {
      await new Promise<void>((resolve) => {
        ctx.signal.addEventListener('abort', () => {
          reason = ctx.signal.reason;
          resolve();
        });
        started = true;
      });
    });
    await waitFor('the start', () => started);
    await consumer.close(200);
    expect(isQueueError(reason) && reason.code).toBe('LEASE_RELEASED');
    const released = await q.getJob(name, job.id);
    expect(released).toMatchObject({ state: 'waiting', attempt: 1 });
    expect(released?.lastError).toBeUndefined();

    const attempts: number[] = [];
    consume(q, name, async (j: Job) => {
      attempts.push(j.attempt);
    });
    await waitFor('completion after release', async () => (await stateOf(q, name, job.id)) === 'completed');
    expect(attempts).toEqual([2]);
  });

  it('rejects bad arguments with TypeError and calls after close with QUEUE_CLOSED', async () => {
    const q = backend.open();
    await expect(q.enqueue('bad:name', 'x', {})).rejects.toThrow(TypeError);
    await expect(q.enqueue('ok', 'x', {}, { priority: 1.5 })).rejects.toThrow(/priority/);
    await expect(q.enqueue('ok', 'x', {}, { maxAttempts: 0 })).rejects.toThrow(/maxAttempts/);
    await q.close();
    await expect(q.enqueue('ok', 'x', {})).rejects.toMatchObject({ code: 'QUEUE_CLOSED' });
    expect(await q.ping()).toBe(false);
  });
}
