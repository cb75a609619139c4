/**
 * The service end to end over loopback HTTP, beside a bare `node:http` server in the same run:
 *  - signed Invicti webhooks per second and p99 latency, each one recorded and queued durably;
 *  - uploads of a 100-finding Trivy report per second, intake (202) and end to end (ingested).
 *   node --conditions=@scanrelay/source --import tsx bench/service/index.ts [--webhooks 2000] [--uploads 200] [--postgres]
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApi } from '@scanrelay/api';
import { signRequest } from '@scanrelay/hmac-webhooks';
import { createBullmqQueue, createSqliteQueue, type Queue } from '@scanrelay/queue';
import { createStore, type Store } from '@scanrelay/storage';
import { openIsolatedStore } from '@scanrelay/storage/testing';
import { createWorker } from '@scanrelay/worker';
import { Queue as BullQueue } from 'bullmq';
import { startBaseline } from './baseline-server.js';
import { type LoadResult, mergeLoads, multipart, runLoad } from './load.js';
import { trivyReport } from './trivy-report.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const WEBHOOKS = arg('webhooks', 2000);
const UPLOADS = arg('uploads', 200);
/** Webhooks in this many slices, each sent to the baseline and then to the service, so both see the same machine load. */
const ROUNDS = Math.max(1, arg('rounds', 1));
const HOOK_CONCURRENCY = 32;
const UPLOAD_CONCURRENCY = 8;
const SECRET = 'whsec_bench_secret_0123456789abcdef';
const PG_URL = process.env.SCANRELAY_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.SCANRELAY_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

interface Backend {
  name: string;
  store: Store;
  queue: Queue;
  close(): Promise<void>;
}

async function openBackend(kind: 'sqlite' | 'postgres', dir: string): Promise<Backend> {
  if (kind === 'sqlite') {
    const store = await createStore(`file:${path.join(dir, 'scanrelay.db')}`);
    const queue = createSqliteQueue({ database: path.join(dir, 'queue.db') });
    return {
      name: 'SQLite + embedded queue',
      store,
      queue,
      close: async () => {
        await queue.close();
        await store.close();
      },
    };
  }
  const isolated = await openIsolatedStore(PG_URL);
  const prefix = `srbench-${randomUUID().slice(0, 8)}`;
  const queue = createBullmqQueue({ connection: REDIS_URL, prefix });
  return {
    name: 'PostgreSQL + BullMQ',
    store: isolated.store,
    queue,
    async close() {
      const q = new BullQueue('scanrelay', { connection: { url: REDIS_URL }, prefix });
      await q.obliterate({ force: true });
      await q.close();
      await queue.close();
      await isolated.cleanup();
    },
  };
}

function signedHook(i: number) {
  const signed = signRequest({ secret: SECRET, body: { ScanId: randomUUID(), seq: i } });
  return { path: '/api/v1/webhooks/invicti-scan-complete', headers: signed.headers, body: signed.body };
}

const rows: string[][] = [];
function row(what: string, r: LoadResult, extra = '') {
  rows.push([
    what,
    r.perSecond.toFixed(0),
    r.p50Ms.toFixed(1),
    r.p99Ms.toFixed(1),
    r.cpuMsPerRequest.toFixed(2),
    String(r.errors),
    extra,
  ]);
}

async function benchBackend(kind: 'sqlite' | 'postgres') {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'scanrelay-bench-service-'));
  const b = await openBackend(kind, dir);
  try {
    const tenant = await b.store.tenants.getOrCreate('bench');
    const { key } = await b.store.apiKeys.create(tenant.id, { name: 'bench', scopes: ['upload', 'read'] });
    const config = { dataDir: dir, invictiWebhook: { secrets: [SECRET], tenant: 'bench' } };

    // Webhooks into the durable queue (no worker: the jobs stay queued and are counted).
    const api = createApi({ store: b.store, queue: b.queue, config });
    const { url } = await api.start({ port: 0 });
    await runLoad(url, 100, HOOK_CONCURRENCY, signedHook, 202);
    const hooks =
      ROUNDS > 1 ? await alternated(url) : await runLoad(url, WEBHOOKS, HOOK_CONCURRENCY, signedHook, 202);
    const queued = (await b.queue.counts('scanrelay')).waiting;
    row(`${b.name}: signed webhook → queued`, hooks, `${queued} jobs waiting`);
    await api.close();
    if (UPLOADS === 0) return;

    // Uploads of a 100-finding report: intake alone (no worker), then with the worker ingesting.
    const reports = Array.from({ length: 16 }, (_, i) =>
      multipart({ project: `bench-${i}` }, { name: 'trivy.json', bytes: Buffer.from(trivyReport(100, i)) }),
    );
    const upload = (i: number) => {
      const r = reports[i % reports.length]!;
      return {
        path: '/api/v1/upload',
        headers: { authorization: `Bearer ${key}`, 'content-type': r.contentType },
        body: r.body,
      };
    };
    const waitAll = async (bodies: string[]) => {
      let failed = 0;
      for (const t of bodies) {
        const id = (JSON.parse(t) as { jobId: string }).jobId;
        for (;;) {
          const j = await b.store.jobs.get(tenant.id, id);
          if (j && ['completed', 'failed', 'dead'].includes(j.status)) {
            if (j.status !== 'completed') failed++;
            break;
          }
          await new Promise((r) => setTimeout(r, 20));
        }
      }
      return failed;
    };
    const api2 = createApi({ store: b.store, queue: b.queue, config: { ...config, logPollMs: 100 } });
    const { url: url2 } = await api2.start({ port: 0 });
    const intakeOnly = await runLoad(url2, UPLOADS, UPLOAD_CONCURRENCY, upload, 202);
    row(`${b.name}: upload 100-finding report → 202 (no worker)`, intakeOnly);
    const worker = createWorker({ store: b.store, queue: b.queue, dataDir: dir, concurrency: 2, pollMs: 20 });
    let t = performance.now();
    worker.start();
    let failed = await waitAll(intakeOnly.bodies);
    let s = (performance.now() - t) / 1000;
    rows.push([
      `${b.name}: worker drains the queued uploads`,
      (UPLOADS / s).toFixed(1),
      '',
      '',
      '',
      String(failed),
      `${UPLOADS} reports ingested in ${s.toFixed(1)} s`,
    ]);

    t = performance.now();
    const withWorker = await runLoad(url2, UPLOADS, UPLOAD_CONCURRENCY, upload, 202);
    failed = await waitAll(withWorker.bodies);
    s = (performance.now() - t) / 1000;
    row(`${b.name}: upload → 202 (worker ingesting)`, withWorker);
    rows.push([
      `${b.name}: upload → ingested, end to end`,
      (UPLOADS / s).toFixed(1),
      '',
      '',
      '',
      String(failed),
      `${UPLOADS} uploads done in ${s.toFixed(1)} s`,
    ]);
    await api2.close();
    await worker.close();
  } finally {
    await b.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The webhook case in `ROUNDS` slices, each run on the baseline first and then on the service at `url`. */
async function alternated(url: string): Promise<LoadResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'scanrelay-bench-baseline-'));
  const base = await startBaseline(dir);
  try {
    const hook = (i: number) => ({ ...signedHook(i), path: '/hook' });
    await runLoad(base.url, 100, HOOK_CONCURRENCY, hook, 202);
    const slice = Math.ceil(WEBHOOKS / ROUNDS);
    const bases: LoadResult[] = [];
    const hooks: LoadResult[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      bases.push(await runLoad(base.url, slice, HOOK_CONCURRENCY, hook, 202));
      hooks.push(await runLoad(url, slice, HOOK_CONCURRENCY, signedHook, 202));
    }
    row(`baseline node:http: read body → 202 (${ROUNDS} slices alternated)`, mergeLoads(bases));
    return mergeLoads(hooks);
  } finally {
    await base.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function benchBaseline() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'scanrelay-bench-baseline-'));
  const base = await startBaseline(dir);
  try {
    const hook = (i: number) => ({ ...signedHook(i), path: '/hook' });
    if (ROUNDS === 1) {
      await runLoad(base.url, 100, HOOK_CONCURRENCY, hook, 202);
      row(
        'baseline node:http: read body → 202',
        await runLoad(base.url, WEBHOOKS, HOOK_CONCURRENCY, hook, 202),
      );
    }
    if (UPLOADS === 0) return;
    const r = multipart({ project: 'x' }, { name: 'trivy.json', bytes: Buffer.from(trivyReport(100, 0)) });
    const up = () => ({ path: '/upload', headers: { 'content-type': r.contentType }, body: r.body });
    row(
      'baseline node:http: stream upload to disk → 202',
      await runLoad(base.url, UPLOADS, UPLOAD_CONCURRENCY, up, 202),
      `${(r.body.length / 1024).toFixed(0)} KiB each`,
    );
  } finally {
    await base.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await benchBaseline();
await benchBackend('sqlite');
if (process.argv.includes('--postgres')) await benchBackend('postgres');

console.log(
  `scanrelay service benchmark — ${os.cpus().length} cores, node ${process.version}, ${WEBHOOKS} webhooks (concurrency ${HOOK_CONCURRENCY}), ${UPLOADS} uploads (concurrency ${UPLOAD_CONCURRENCY})\n`,
);
const header = ['case', 'per second', 'p50 ms', 'p99 ms', 'CPU ms/req', 'errors', 'note'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
for (const r of [header, ...rows])
  console.log(
    r.map((c, i) => (i === 0 || i === 6 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '),
  );
