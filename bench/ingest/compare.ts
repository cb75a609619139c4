/**
 * This tree's ingest and store beside another checkout's (e.g. one at HEAD), loaded into one process and
 * run in alternating order per round, so both see the same load: per round and side, a fresh SQLite
 * store (or PostgreSQL schema with `--postgres`), a first import, then the 90%-unchanged re-import
 * (`generate.ts`), with the raw inline inserts of the same rows as the round's baseline (SQLite).
 *   node --conditions=@scanrelay/source --import tsx bench/ingest/compare.ts --compare ../old \
 *     [--size 100000] [--rounds 4] [--postgres]
 * Figures are CPU ms of this process (for PostgreSQL, wall ms too: the server's work is not in the CPU).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Finding } from '@scanrelay/findings-schema';
import { argOf } from '../arg-of.js';
import { firstReport, reimportReport } from './generate.js';
import { cpuMs, rawInsert } from './raw-insert.js';

const compare = argOf('compare');
if (!compare)
  throw new Error('usage: compare.ts --compare <another checkout> [--size N] [--rounds N] [--postgres]');
const n = Number(argOf('size') ?? 100_000);
const rounds = Number(argOf('rounds') ?? 4);
const postgres = process.argv.includes('--postgres');
const pgUrl = process.env.BENCH_INGEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';

type Timed = { cpu: number; wall: number };
async function timed(fn: () => Promise<unknown>): Promise<Timed> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await fn();
  return { cpu: cpuMs(c0), wall: performance.now() - t0 };
}

async function load(root: string) {
  const src = (pkg: string) => pathToFileURL(path.join(root, 'packages', pkg, 'src/index.ts')).href;
  const testing = pathToFileURL(path.join(root, 'packages/storage/src/testing.ts')).href;
  const { openIsolatedStore } = (await import(testing)) as typeof import('@scanrelay/storage/testing');
  const { ingest } = (await import(src('core'))) as typeof import('@scanrelay/core');
  return { openIsolatedStore, ingest };
}

const sides = [
  { name: 'this tree', ...(await load(path.resolve(import.meta.dirname, '../..'))) },
  { name: compare, ...(await load(path.resolve(compare))) },
];
const first = firstReport(n);
const second = reimportReport(n);

/** One side's first import and re-import into a new store. */
async function importTwice(side: (typeof sides)[number], dir: string): Promise<[Timed, Timed]> {
  const url = postgres ? pgUrl : `file:${path.join(dir, `${sides.indexOf(side)}.db`)}`;
  const { store, cleanup } = await side.openIsolatedStore(url);
  try {
    const tenant = (await store.tenants.getOrCreate('bench')).id;
    const run = (findings: Finding[]) =>
      side.ingest(store, {
        tenant,
        project: 'bench',
        scan: { provider: 'trivy', kind: 'sca' },
        findings,
        mode: 'new',
      });
    return [await timed(() => run(first)), await timed(() => run(second))];
  } finally {
    await cleanup();
  }
}

const show = (t: Timed) =>
  postgres ? `${t.cpu.toFixed(0)} cpu / ${t.wall.toFixed(0)} wall` : t.cpu.toFixed(0);
console.log(
  `ingest, two trees in one process — ${n} findings, ${os.cpus().length} cores, node ${process.version}, ${postgres ? 'PostgreSQL' : 'SQLite'}`,
);
const ratios: Record<string, number[]> = Object.fromEntries(sides.map((s) => [s.name, []]));
for (let round = 1; round <= rounds; round++) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'scanrelay-bench-compare-'));
  try {
    const raw = postgres ? undefined : await rawInsert(dir, first, 'inline');
    const line = [`round ${round}, load ${os.loadavg()[0]!.toFixed(1)}`];
    if (raw) line.push(`raw inline ${raw.cpu.toFixed(0)}`);
    for (const side of round % 2 ? sides : [...sides].reverse()) {
      const [a, b] = await importTwice(side, dir);
      // Wall time for PostgreSQL (its server does most of the work), CPU for SQLite.
      const ratio = postgres ? b.wall / a.wall : b.cpu / a.cpu;
      ratios[side.name]!.push(ratio);
      const vsRaw = raw ? ` (${(a.cpu / raw.cpu).toFixed(2)}× raw)` : '';
      line.push(`${side.name}: first ${show(a)}${vsRaw}, re-import ${show(b)} (${ratio.toFixed(2)}× first)`);
    }
    console.log(line.join(' | '));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
for (const s of sides)
  console.log(`${s.name}: median re-import ÷ first ${median(ratios[s.name]!).toFixed(2)}×`);
