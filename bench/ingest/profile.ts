/**
 * CPU profiles of one SQLite first import and one 90%-unchanged re-import, each in its own
 * `.cpuprofile` (open in Chrome DevTools), with the CPU time of each beside that of the raw inline
 * inserts of the same rows (see `index.ts`):
 *
 *   BENCH_INGEST_SIZE=100000 BENCH_INGEST_PROFILE_DIR=prof \
 *     node --conditions=@scanrelay/source --import tsx bench/ingest/profile.ts
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { ingest } from '@scanrelay/core';
import type { Finding } from '@scanrelay/findings-schema';
import { createStore } from '@scanrelay/storage';
import { firstReport, reimportReport } from './generate.js';
import { cpuMs, rawInsert } from './raw-insert.js';

const n = Number(process.env.BENCH_INGEST_SIZE ?? 100_000);
const out = process.env.BENCH_INGEST_PROFILE_DIR;

const session = new Session();
session.connect();
await session.post('Profiler.enable');

async function profiled<T>(name: string, fn: () => Promise<T>): Promise<number> {
  if (out) await session.post('Profiler.start');
  const c0 = process.cpuUsage();
  await fn();
  const cpu = cpuMs(c0);
  if (out) {
    const { profile } = await session.post('Profiler.stop');
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, `${name}.cpuprofile`), JSON.stringify(profile));
  }
  return cpu;
}

const first = firstReport(n);
const second = reimportReport(n);
const dir = mkdtempSync(path.join(os.tmpdir(), 'scanrelay-bench-profile-'));
try {
  const raw = await rawInsert(dir, first, 'inline');
  const store = await createStore(`file:${path.join(dir, 'scanrelay.db')}`);
  const tenant = (await store.tenants.getOrCreate('bench')).id;
  const run = (findings: Finding[]) =>
    ingest(store, {
      tenant,
      project: 'bench',
      scan: { provider: 'trivy', kind: 'sca' },
      findings,
      mode: 'new',
    });
  const a = await profiled('first', () => run(first));
  const b = await profiled('reimport', () => run(second));
  await store.close();
  console.log(
    `cpu ms: raw inline ${raw.cpu.toFixed(0)}, first ${a.toFixed(0)} (${(a / raw.cpu).toFixed(2)}x raw), ` +
      `re-import ${b.toFixed(0)} (${(b / a).toFixed(2)}x first); load average ${os.loadavg()[0]!.toFixed(2)}`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
