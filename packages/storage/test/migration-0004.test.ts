import { need } from '@scanrelay/test-utils';
import { describe, expect, it } from 'vitest';
import type { Executor } from '../src/executor.js';
import { loadMigrations, type Store } from '../src/index.js';
import { findingJson, type SeedFinding } from './seed-findings.js';
import { seededDatabase, seedProjectBefore } from './seeded-database.js';

const T = '2026-01-01T00:00:00.000Z';

const SEEDED: [string, string, SeedFinding][] = [
  [
    'f1',
    'open',
    {
      name: 'SQL injection',
      severity: 'critical',
      location: { kind: 'source', file: 'src/db.ts', startLine: 4 },
    },
  ],
  [
    'f2',
    'accepted-risk',
    { name: 'Prototype pollution', severity: 'high', location: { kind: 'package', name: 'lodash' } },
  ],
  [
    'f3',
    'fixed',
    { name: 'Missing CSP', severity: 'low', location: { kind: 'url', url: 'https://shop.example/' } },
  ],
  [
    'f4',
    'open',
    { name: 'Open port', severity: 'info', location: { kind: 'host', host: 'db.internal', port: 5432 } },
  ],
  ['f5', 'false-positive', { name: 'Weak hash', severity: 'medium' }],
];

/** A database at 0003 holding findings written before the search and triage columns existed. */
async function seedAt0003(ex: Executor): Promise<void> {
  await seedProjectBefore(ex, '0004', '0003_sast_results');
  for (const [id, status, f] of SEEDED)
    await ex.run(
      `INSERT INTO findings (id, tenant_id, project_id, fingerprint, tool, scanner, rule_id, severity, status,
         occurrences, content_hash, first_seen_at, last_seen_at, first_scan_id, last_scan_id, data)
       VALUES (?, 't1', 'p1', ?, 'semgrep', 'semgrep', ?, ?, ?, 1, 'h', ?, ?, 's1', 's1', ?)`,
      [id, `fp-${id}`, `rule-${f.name}`, f.severity, status, T, T, findingJson(f)],
    );
}

/** The backfilled columns and the reads built on them, after upgrading to the latest version. */
async function checkUpgrade(store: Store, query: (sql: string) => Promise<Record<string, unknown>[]>) {
  expect((await store.migrate()).current.at(-1)).toBe(loadMigrations(store.dialect).at(-1)?.version);
  const rows = await query(
    'SELECT id, title, location_kind, locator, severity_rank FROM findings ORDER BY id',
  );
  expect(rows.map((r) => [r.id, r.title, r.location_kind, r.locator, Number(r.severity_rank)])).toEqual([
    ['f1', 'SQL injection', 'source', 'src/db.ts', 4],
    ['f2', 'Prototype pollution', 'package', 'lodash', 3],
    ['f3', 'Missing CSP', 'url', 'https://shop.example/', 1],
    ['f4', 'Open port', 'host', 'db.internal', 0],
    ['f5', 'Weak hash', null, null, 2],
  ]);
  const ids = async (q: Parameters<Store['findings']['list']>[1]) =>
    (await store.findings.list('t1', q)).items.map((f) => f.id);
  expect(await ids({ sort: 'severity', order: 'desc' })).toEqual(['f1', 'f2', 'f5', 'f3', 'f4']);
  expect(await ids({ kind: 'package' })).toEqual(['f2']);
  expect(await ids({ q: 'DB.' })).toEqual(['f1', 'f4']);
  // rows triaged before 0004 have no reason or expiry, and can be triaged now
  const f2 = await store.findings.get('t1', 'f2');
  expect(f2?.status).toBe('accepted-risk');
  expect(f2?.acceptedUntil).toBeUndefined();
  expect(await store.findings.reopenExpired('t1', '2030-01-01T00:00:00.000Z')).toBe(0);
  const reopened = await store.findings.triage('t1', 'f5', { status: 'open', actor: 'key:sr_x', at: T });
  expect(reopened?.status).toBe('open');
  expect((await store.findings.history('t1', 'f5')).map((h) => [h.from, h.to])).toEqual([
    ['false-positive', 'open'],
  ]);
}

describe('migration 0004 on a database with findings', () => {
  it('backfills the search columns on SQLite', async () => {
    const db = await seededDatabase('sqlite', seedAt0003, { migrate: false });
    await checkUpgrade(db.store, db.query);
  });

  it.runIf(need('postgres'))('backfills them the same way on PostgreSQL', async () => {
    const db = await seededDatabase('postgres', seedAt0003, { migrate: false });
    await checkUpgrade(db.store, db.query);
  });
});
