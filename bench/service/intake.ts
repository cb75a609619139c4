/**
 * The store and queue side of a signed webhook without HTTP: core's Invicti completion (`accept`, the
 * route's transaction and enqueue) on SQLite and the embedded queue, CPU µs of this process per accept at
 * concurrency 32. With `--compare <dir>` (another checkout of this repository, e.g. one at HEAD) that
 * tree's storage and queue run too, in alternating batches in this process, so both see the same load.
 *   node --conditions=@scanrelay/source --import tsx bench/service/intake.ts [--accepts 12000] [--compare ../old]
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createInvictiCompletion } from '@scanrelay/core';
import { argOf } from '../arg-of.js';

const ACCEPTS = Number(argOf('accepts') ?? 12000);
const BATCH = 500;
const CONCURRENCY = 32;
const here = path.resolve(import.meta.dirname, '../..');
const trees: [string, string][] = [['this tree', here]];
const compare = argOf('compare');
if (compare) trees.push([`--compare ${compare}`, path.resolve(compare)]);

async function open(name: string, root: string) {
  const load = (pkg: string) => import(pathToFileURL(path.join(root, 'packages', pkg, 'src/index.ts')).href);
  const { createStore } = (await load('storage')) as typeof import('@scanrelay/storage');
  const { createSqliteQueue } = (await load('queue')) as typeof import('@scanrelay/queue');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'scanrelay-bench-intake-'));
  const store = await createStore(`file:${path.join(dir, 'scanrelay.db')}`);
  const queue = createSqliteQueue({ database: path.join(dir, 'queue.db') });
  const send = (job: { id: string; type: string }) =>
    queue.enqueue('scanrelay', job.type, { jobId: job.id }, { jobId: job.id });
  const completion = createInvictiCompletion({
    store,
    config: { mode: 'worker', tenant: 'bench' },
    enqueue: async (job) => send(await store.jobs.create(job)),
    sendQueued: send,
  });
  const close = async () => {
    await queue.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return { name, completion, close, cpuUs: 0, accepts: 0 };
}

/** CPU µs of this process for `n` accepts, `CONCURRENCY` at a time. */
async function run(side: Awaited<ReturnType<typeof open>>, n: number): Promise<number> {
  let i = 0;
  const start = process.cpuUsage();
  const one = () =>
    side.completion.accept({
      scanId: randomUUID(),
      project: 'bench',
      deliveryId: randomUUID(),
      via: 'signature',
    });
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (i++ < n) await one();
    }),
  );
  const used = process.cpuUsage(start);
  return used.user + used.system;
}

const sides = await Promise.all(trees.map(([name, root]) => open(name, root)));
for (const s of sides) await run(s, 300);
for (let k = 0; k * BATCH < ACCEPTS; k++) {
  for (const s of k % 2 ? [...sides].reverse() : sides) {
    s.cpuUs += await run(s, BATCH);
    s.accepts += BATCH;
  }
}
console.log(
  `scanrelay webhook intake without HTTP — ${os.cpus().length} cores, node ${process.version}, concurrency ${CONCURRENCY}`,
);
for (const s of sides) {
  console.log(`${s.name}: ${(s.cpuUs / s.accepts).toFixed(1)} µs CPU per accept (${s.accepts} accepts)`);
  await s.close();
}
