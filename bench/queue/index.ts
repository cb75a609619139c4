/**
 * Jobs per second of @scanrelay/queue — enqueue, then processing — on the SQLite driver and on the BullMQ
 * driver, beside raw BullMQ (`Queue.addBulk` / `Queue.add` and a bare `Worker`) on the same Redis in the same run.
 *   node --conditions=@scanrelay/source --import tsx bench/queue/index.ts [--jobs 20000] [--concurrency 8] [--rounds 3]
 * Redis: BENCH_QUEUE_REDIS (default redis://127.0.0.1:6379); every run uses its own key prefix and removes it.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createBullmqQueue, createSqliteQueue, type Queue } from '@scanrelay/queue';
import { Queue as BullQueue, Worker } from 'bullmq';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const JOBS = arg('jobs', 20_000);
const CONCURRENCY = arg('concurrency', 8);
const ROUNDS = arg('rounds', 3);
/** Enqueues in flight at once through the one-job `enqueue` (and raw `add`), as concurrent requests would. */
const WINDOW = 32;
const BULK = 1000;
const redisUrl = process.env.BENCH_QUEUE_REDIS ?? 'redis://127.0.0.1:6379';
const connection = { url: redisUrl };
const prefix = `bench-queue-${randomBytes(4).toString('hex')}`;
const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-queue-'));
const payload = (i: number) => ({ uploadId: `u-${i}`, tenant: 'bench', file: `uploads/${i}.json` });

interface Figures {
  enqueue: number;
  process: number;
}

/** Runs `enqueueOne(i)` for i in 0..n-1 with `window` calls in flight; returns jobs/s. */
async function timedWindow(n: number, window: number, enqueueOne: (i: number) => Promise<unknown>) {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: window }, async () => {
      while (next < n) await enqueueOne(next++);
    }),
  );
  return (n * 1000) / (performance.now() - t0);
}

/** Jobs/s from the start of `start` until `n` handlers have run. */
async function timedDrain(n: number, start: (onJob: () => void) => { close(): Promise<unknown> }) {
  let done = 0;
  let finish!: () => void;
  const all = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const t0 = performance.now();
  const consumer = start(() => {
    if (++done === n) finish();
  });
  await all;
  const rate = (n * 1000) / (performance.now() - t0);
  await consumer.close();
  return rate;
}

async function viaDriver(queue: Queue, name: string): Promise<Figures> {
  const enqueue = await timedWindow(JOBS, WINDOW, (i) => queue.enqueue(name, 'parse-report', payload(i)));
  const process = await timedDrain(JOBS, (onJob) =>
    queue.consume(name, async () => onJob(), { concurrency: CONCURRENCY, leaseMs: 30_000, pollMs: 50 }),
  );
  const counts = await queue.counts(name);
  if (counts.completed < JOBS - CONCURRENCY) throw new Error(`bench: ${name}: ${JSON.stringify(counts)}`);
  return { enqueue, process };
}

async function sqliteDriver(round: number): Promise<Figures> {
  const queue = createSqliteQueue({ database: path.join(dir, `queue-${round}.db`) });
  try {
    return await viaDriver(queue, 'sqlite');
  } finally {
    await queue.close();
  }
}

async function bullmqDriver(round: number): Promise<Figures> {
  const queue = createBullmqQueue({ connection: redisUrl, prefix });
  try {
    return await viaDriver(queue, `driver-${round}`);
  } finally {
    await queue.close();
  }
}

/** Raw BullMQ: `addBulk` in batches of 1000 (and, for the same one-job path as the driver, `add`), a bare Worker. */
async function rawBullmq(round: number): Promise<Figures & { add: number }> {
  const bulk = new BullQueue(`raw-${round}`, { connection, prefix });
  const single = new BullQueue(`raw-add-${round}`, { connection, prefix });
  try {
    const t0 = performance.now();
    for (let i = 0; i < JOBS; i += BULK) {
      const n = Math.min(BULK, JOBS - i);
      await bulk.addBulk(
        Array.from({ length: n }, (_, k) => ({ name: 'parse-report', data: payload(i + k) })),
      );
    }
    const enqueue = (JOBS * 1000) / (performance.now() - t0);
    const add = await timedWindow(JOBS, WINDOW, (i) => single.add('parse-report', payload(i)));
    const process = await timedDrain(JOBS, (onJob) => {
      const worker = new Worker(`raw-${round}`, async () => onJob(), {
        connection,
        prefix,
        concurrency: CONCURRENCY,
      });
      return worker;
    });
    return { enqueue, add, process };
  } finally {
    await bulk.close();
    await single.close();
  }
}

async function cleanUp(): Promise<void> {
  const names = Array.from({ length: ROUNDS }, (_, r) => [`raw-${r}`, `raw-add-${r}`, `driver-${r}`]).flat();
  for (const name of names) {
    const q = new BullQueue(name, { connection, prefix });
    await q.obliterate({ force: true }).catch(() => {});
    await q.close();
  }
  // What obliterate does not cover (none expected): any key left under the run's prefix.
  const q = new BullQueue('cleanup', { connection, prefix });
  const client = (await q.client) as unknown as {
    keys(pattern: string): Promise<string[]>;
    del(...keys: string[]): Promise<number>;
  };
  const left = await client.keys(`${prefix}:*`);
  if (left.length > 0) await client.del(...left);
  await q.close();
  rmSync(dir, { recursive: true, force: true });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US').padStart(8);
const ratio = (n: number, base: number) => `${(n / base).toFixed(2)}×`.padStart(7);

console.log(
  `node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(1)}; ${JOBS} jobs, consumer concurrency ${CONCURRENCY}, ${ROUNDS} rounds (medians; cases interleaved)`,
);
const raw: (Figures & { add: number })[] = [];
const bull: Figures[] = [];
const lite: Figures[] = [];
try {
  for (let r = 0; r < ROUNDS; r++) {
    raw.push(await rawBullmq(r));
    bull.push(await bullmqDriver(r));
    lite.push(await sqliteDriver(r));
  }
} finally {
  await cleanUp();
}
const base = { enqueue: median(raw.map((x) => x.enqueue)), process: median(raw.map((x) => x.process)) };
const rows: [string, number, number][] = [
  ['raw BullMQ (addBulk ×1000, Worker): baseline', base.enqueue, base.process],
  [`raw BullMQ add (${WINDOW} in flight)`, median(raw.map((x) => x.add)), Number.NaN],
  [
    `@scanrelay/queue bullmq (${WINDOW} in flight)`,
    median(bull.map((x) => x.enqueue)),
    median(bull.map((x) => x.process)),
  ],
  [
    `@scanrelay/queue sqlite (${WINDOW} in flight)`,
    median(lite.map((x) => x.enqueue)),
    median(lite.map((x) => x.process)),
  ],
];
console.log(`\n${'case'.padEnd(46)} enqueue/s  vs base   process/s  vs base`);
for (const [name, enq, proc] of rows) {
  const p = Number.isNaN(proc)
    ? `${''.padStart(8)}  ${''.padStart(7)}`
    : `${fmt(proc)}  ${ratio(proc, base.process)}`;
  console.log(`${name.padEnd(46)} ${fmt(enq)}  ${ratio(enq, base.enqueue)}    ${p}`);
}
console.log('\nper round (enqueue / process jobs/s):');
for (let r = 0; r < ROUNDS; r++) {
  console.log(
    `  ${r + 1}: raw ${fmt(raw[r]!.enqueue)} / ${fmt(raw[r]!.process)} (add ${fmt(raw[r]!.add)}) | bullmq ${fmt(bull[r]!.enqueue)} / ${fmt(bull[r]!.process)} | sqlite ${fmt(lite[r]!.enqueue)} / ${fmt(lite[r]!.process)}`,
  );
}
