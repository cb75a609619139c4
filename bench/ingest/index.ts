/**
 * Ingest benchmark: first import and a 90%-unchanged re-import of synthetic reports on SQLite and
 * PostgreSQL, beside raw better-sqlite3 prepared inserts of the same rows in one transaction.
 *
 *   node --conditions=@scanrelay/source --import tsx bench/ingest/index.ts
 *   BENCH_INGEST_SIZES=10000,100000,1000000 BENCH_INGEST_PG=postgres://postgres@127.0.0.1:5432/test \
 *     node --max-old-space-size=8192 --conditions=@scanrelay/source --import tsx bench/ingest/index.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ingest } from '@scanrelay/core';
import type { Finding } from '@scanrelay/findings-schema';
import { createStore, type Store } from '@scanrelay/storage';
import { openIsolatedStore } from '@scanrelay/storage/testing';
import { firstReport, reimportReport } from './generate.js';
import { cpuMs, rawInsert } from './raw-insert.js';

const sizes = (process.env.BENCH_INGEST_SIZES ?? '10000,100000')
  .split(',')
  .map((s) => Number(s.trim()))
  .filter((n) => n > 0);
const pgUrl = process.env.BENCH_INGEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
const skipPg = process.env.BENCH_INGEST_PG === 'off';

const rate = (n: number, ms: number) => Math.round((n / ms) * 1000);
const fmt = (n: number) => n.toLocaleString('en-US');

async function timeIngest(store: Store, tenant: string, findings: Finding[], mode: 'new' | 'merge') {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await ingest(store, {
    tenant,
    project: 'bench',
    scan: { provider: 'trivy', kind: 'sca' },
    findings,
    mode,
  });
  return { ms: performance.now() - t0, cpu: cpuMs(c0), r };
}

async function runBackend(
  name: string,
  open: () => Promise<{ store: Store; cleanup: () => Promise<void> }>,
  first: Finding[],
  second: Finding[],
) {
  const { store, cleanup } = await open();
  try {
    const tenant = await store.tenants.getOrCreate('bench');
    const a = await timeIngest(store, tenant.id, first, 'new');
    const b = await timeIngest(store, tenant.id, second, 'new');
    const n = first.length;
    console.log(
      `  ${name.padEnd(10)} first ${fmt(rate(n, a.ms)).padStart(9)} findings/s (${a.ms.toFixed(0)} ms, created ${fmt(a.r.created)})` +
        `   re-import ${fmt(rate(n, b.ms)).padStart(9)} findings/s (${b.ms.toFixed(0)} ms; unchanged ${fmt(b.r.unchanged)}, updated ${fmt(b.r.updated)}, created ${fmt(b.r.created)}, fixed ${fmt(b.r.fixed)})`,
    );
    console.log(
      `  ${name.padEnd(10)} cpu: first ${a.cpu.toFixed(0)} ms, re-import ${b.cpu.toFixed(0)} ms (re-import/first ${(b.cpu / a.cpu).toFixed(2)}x)`,
    );
    return { first: rate(n, a.ms), reimport: rate(n, b.ms), firstCpu: a.cpu, reimportCpu: b.cpu };
  } finally {
    await cleanup();
  }
}

const pgAvailable =
  !skipPg &&
  (await openIsolatedStore(pgUrl).then(
    (s) => s.cleanup().then(() => true),
    () => false,
  ));
console.log(
  `ingest benchmark: node ${process.version}, ${os.cpus().length} cpus, load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}, PostgreSQL ${pgAvailable ? pgUrl : 'skipped'}`,
);

for (const n of sizes) {
  console.log(`\n${fmt(n)} findings (generating…)`);
  const first = firstReport(n);
  const second = reimportReport(n);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'scanrelay-bench-ingest-'));
  try {
    const inline = await rawInsert(dir, first, 'inline');
    const raw = await rawInsert(dir, first, 'split');
    const inlineMs = inline.ms;
    const rawMs = raw.ms;
    console.log(
      `  raw insert ${fmt(rate(n, rawMs)).padStart(9)} rows/s     (${rawMs.toFixed(0)} ms, better-sqlite3 prepared INSERTs of the store's rows, one transaction)`,
    );
    console.log(
      `  raw inline ${fmt(rate(n, inlineMs)).padStart(9)} rows/s     (${inlineMs.toFixed(0)} ms, the same in one findings row, as before 0005)`,
    );
    const sqlite = await runBackend(
      'sqlite',
      async () => {
        const store = await createStore(`file:${path.join(dir, 'scanrelay.db')}`);
        return { store, cleanup: () => store.close() };
      },
      first,
      second,
    );
    console.log(
      `  sqlite/raw: first ${(sqlite.first / rate(n, rawMs)).toFixed(2)}x, re-import ${(sqlite.reimport / rate(n, rawMs)).toFixed(2)}x; re-import/first ${(sqlite.reimport / sqlite.first).toFixed(2)}x`,
    );
    console.log(
      `  cpu ms: raw insert ${raw.cpu.toFixed(0)}, raw inline ${inline.cpu.toFixed(0)}; sqlite first/raw inline ${(sqlite.firstCpu / inline.cpu).toFixed(2)}x, re-import/first ${(sqlite.reimportCpu / sqlite.firstCpu).toFixed(2)}x`,
    );
    console.log(`  load average ${os.loadavg()[0]!.toFixed(2)}`);
    if (pgAvailable) {
      const pg = await runBackend('postgres', () => openIsolatedStore(pgUrl), first, second);
      console.log(`  postgres re-import/first ${(pg.reimport / pg.first).toFixed(2)}x`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
