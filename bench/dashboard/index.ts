/**
 * Dashboard benchmark: the project findings page with 100k findings in one project on SQLite, server
 * time (in-process `app.request`, session cookie) for the first page and a filtered page, beside the
 * JSON route `GET /api/v1/projects/:name/findings` serving the same rows.
 *
 *   node --conditions=@scanrelay/source --import tsx bench/dashboard/index.ts [--findings 100000] [--rounds 30]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApi } from '@scanrelay/api';
import { ingest } from '@scanrelay/core';
import { createSqliteQueue } from '@scanrelay/queue';
import { createStore } from '@scanrelay/storage';
import { firstReport } from '../ingest/generate.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const FINDINGS = arg('findings', 100_000);
const ROUNDS = arg('rounds', 30);
const PROJECT = 'bench';
/** The same query string on the page (50 rows a page) and on the JSON route (`limit=50`). */
const QUERIES = {
  'first page': '',
  filtered: 'severity=high&q=pkg-12',
  // One match: the search reads every high finding of the project.
  'rare match': 'severity=high&q=pkg-99991',
};
const ID_LINK = /href="\/dashboard\/findings\/([0-9a-f-]{36})"/g;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

const dir = mkdtempSync(path.join(os.tmpdir(), 'scanrelay-bench-dashboard-'));
const store = await createStore(`file:${path.join(dir, 'scanrelay.db')}`);
const queue = createSqliteQueue({ database: path.join(dir, 'queue.db') });
try {
  const tenant = await store.tenants.getOrCreate('bench');
  const created = await store.apiKeys.create(tenant.id, { name: 'bench', scopes: ['read'] });
  const { key } = created;
  const load = os.loadavg()[0]!.toFixed(1);
  console.log(`dashboard benchmark: node ${process.version}, ${os.cpus().length} cpus, load ${load}, SQLite`);
  let t0 = performance.now();
  const report = firstReport(FINDINGS);
  const done = await ingest(store, {
    tenant: tenant.id,
    project: PROJECT,
    scan: { provider: 'trivy', kind: 'sca' },
    findings: report,
    mode: 'new',
  });
  console.log(
    `ingested ${done.created.toLocaleString('en-US')} findings in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );

  const api = createApi({ store, queue, config: { dataDir: dir } });
  const request = (url: string, headers: Record<string, string>) =>
    api.app.request(`http://127.0.0.1${url}`, { headers });

  // A dashboard session, as the sign-in form makes it: the cookie every page request carries.
  const session = await store.sessions.create({
    tenantId: tenant.id,
    apiKeyId: created.apiKey.id,
    ttlMs: 3_600_000,
  });
  const cookie = `scanrelay_session=${session.token}`;

  interface Case {
    name: string;
    route: 'page' | 'JSON';
    url: string;
    headers: Record<string, string>;
  }
  const cases = Object.entries(QUERIES).flatMap(([name, query]): Case[] => [
    { name, route: 'page', url: `/dashboard/projects/${PROJECT}?${query}`, headers: { cookie } },
    {
      name,
      route: 'JSON',
      url: `/api/v1/projects/${PROJECT}/findings?limit=50&${query}`,
      headers: { authorization: `Bearer ${key}` },
    },
  ]);
  const times = cases.map(() => [] as number[]);
  const ids = cases.map(() => [] as string[]);
  // Interleaved: each round times every case once, so load changes hit all of them alike.
  for (let round = 0; round < ROUNDS + 3; round++) {
    for (const [i, c] of cases.entries()) {
      t0 = performance.now();
      const res = await request(c.url, c.headers);
      const body = await res.text();
      const ms = performance.now() - t0;
      if (res.status !== 200) throw new Error(`${c.url} answered ${res.status}: ${body.slice(0, 300)}`);
      if (round >= 3) times[i]!.push(ms); // the first rounds warm caches and the JIT
      ids[i] =
        c.route === 'JSON'
          ? (JSON.parse(body) as { items: { id: string }[] }).items.map((x) => x.id)
          : [...new Set(Array.from(body.matchAll(ID_LINK), (m) => m[1]!))];
    }
  }
  for (let i = 0; i < cases.length; i += 2) {
    if (ids[i]!.join() !== ids[i + 1]!.join())
      throw new Error(`${cases[i]!.name}: the page shows other rows than the JSON route`);
  }
  console.log(`\nmedian server time over ${ROUNDS} interleaved rounds (target: page < 150 ms)\n`);
  console.log('| query | rows | page (HTML) | JSON route | page / JSON |');
  console.log('| --- | --- | --- | --- | --- |');
  for (let i = 0; i < cases.length; i += 2) {
    const page = median(times[i]!);
    const json = median(times[i + 1]!);
    const query = QUERIES[cases[i]!.name as keyof typeof QUERIES] || '(no filter)';
    console.log(
      `| ${cases[i]!.name} \`${query}\` | ${ids[i]!.length} (same ids) | ${page.toFixed(1)} ms | ${json.toFixed(1)} ms | ${(page / json).toFixed(2)}x |`,
    );
  }
} finally {
  await queue.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
