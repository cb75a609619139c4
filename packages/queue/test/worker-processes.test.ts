import path from 'node:path';
import { need } from '@scanrelay/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Consumer, Job } from '../src/index.js';
import {
  type Backend,
  createBackend,
  type DriverName,
  readEvents,
  sleep,
  spawnWorker,
  waitFor,
} from './support.js';

const drivers: { driver: DriverName; enabled: boolean }[] = [
  { driver: 'sqlite', enabled: true },
  { driver: 'bullmq', enabled: need('redis') },
];

describe.each(drivers)('worker processes on $driver', ({ driver, enabled }) => {
  let backend: Backend;
  const consumers: Consumer[] = [];

  beforeAll(() => {
    if (enabled) backend = createBackend(driver);
  });
  afterAll(async () => {
    await Promise.all(consumers.map((c) => c.close(0)));
    await backend?.cleanup();
  });

  it.runIf(enabled)('runs a job again, once, after its worker is killed with SIGKILL mid-job', async () => {
    // Long enough that a worker process starved on a loaded machine still renews (every third of it).
    const leaseMs = 1500;
    const q = backend.open();
    const name = backend.queueName();
    const outFile = path.join(backend.dir, `${name}-killed.jsonl`);
    const worker = await spawnWorker(
      backend.workerConfig(name, { mode: 'hang', leaseMs, concurrency: 2, outFile }),
    );
    const retried = await q.enqueue(name, 'ingest', { upload: 'u-1' });
    const exhausted = await q.enqueue(name, 'ingest', { upload: 'u-2' }, { maxAttempts: 1 });
    await waitFor('both jobs started in the worker', () => readEvents(outFile).length === 2);

    const runs: { id: string; attempt: number }[] = [];
    consumers.push(
      q.consume(
        name,
        async (job: Job) => {
          runs.push({ id: job.id, attempt: job.attempt });
        },
        { leaseMs, pollMs: 20 },
      ),
    );
    // The worker is alive and renews its leases: nobody else may take its jobs meanwhile.
    await sleep(leaseMs * 2);
    expect(runs).toEqual([]);

    worker.child.kill('SIGKILL');
    await worker.exited;
    const done = await waitFor('the job to complete elsewhere', async () => {
      const j = await q.getJob(name, retried.id);
      return j?.state === 'completed' ? j : undefined;
    });
    const dead = await waitFor('the exhausted job to go dead', async () => {
      const j = await q.getJob(name, exhausted.id);
      return j?.state === 'dead' ? j : undefined;
    });
    await Promise.all(consumers.map((c) => c.close()));

    expect(
      readEvents(outFile)
        .map((e) => [e.id, e.attempt, e.event])
        .sort(),
    ).toEqual(
      [
        [retried.id, 1, 'start'],
        [exhausted.id, 1, 'start'],
      ].sort(),
    );
    expect(runs).toEqual([{ id: retried.id, attempt: 2 }]);
    expect(done.attempt).toBe(2);
    expect(dead.lastError).toMatch(/started 1 times without finishing/);
  });

  it.runIf(enabled)('two workers racing over 200 jobs handle each job exactly once', async () => {
    const q = backend.open();
    const name = backend.queueName();
    const files = [1, 2].map((n) => path.join(backend.dir, `${name}-race-${n}.jsonl`));
    const workers = await Promise.all(
      files.map((outFile) =>
        // No worker dies here: a long lease keeps a starved (not dead) worker's job its own.
        spawnWorker(backend.workerConfig(name, { mode: 'record', leaseMs: 30_000, concurrency: 4, outFile })),
      ),
    );
    const ids: string[] = [];
    for (let i = 0; i < 200; i++) ids.push((await q.enqueue(name, 'race', { i })).id);
    await waitFor('200 completions', async () => (await q.counts(name)).completed === 200, 60_000);
    for (const w of workers) w.child.kill('SIGTERM');
    const codes = await Promise.all(workers.map((w) => w.exited));

    const events = files.flatMap((f) => readEvents(f));
    const starts = events.filter((e) => e.event === 'start');
    const ends = events.filter((e) => e.event === 'end');
    expect(starts).toHaveLength(200);
    expect(ends).toHaveLength(200);
    expect(new Set(starts.map((e) => e.id))).toEqual(new Set(ids));
    expect(starts.every((e) => e.attempt === 1)).toBe(true);
    // Both processes took part in the race.
    const byPid = new Set(starts.map((e) => e.pid));
    expect(byPid.size).toBe(2);
    expect(codes).toEqual([0, 0]);
    expect(await q.counts(name)).toMatchObject({ completed: 200, waiting: 0, active: 0, dead: 0 });
  });
});
