import { severityRank } from '@scanrelay/findings-schema';
import { need } from '@scanrelay/test-utils';
import { describe, expect, it } from 'vitest';
import type { Executor } from '../src/executor.js';
import type { Store } from '../src/index.js';
import { findingJson, type SeedFinding } from './seed-findings.js';
import { seededDatabase, seedProjectBefore } from './seeded-database.js';

const T = '2026-01-01T00:00:00.000Z';

const SEEDED: [string, SeedFinding][] = [
  ['f1', { name: 'SQL injection', severity: 'critical', location: { kind: 'source', file: 'src/db.ts' } }],
  ['f2', { name: 'Prototype pollution', severity: 'high', location: { kind: 'package', name: 'lodash' } }],
  ['f3', { name: 'Weak hash', severity: 'medium' }],
];

/** A database at 0004 holding findings with their JSON in `findings.data`, all seen by scan s1. */
async function seedAt0004(ex: Executor): Promise<void> {
  await seedProjectBefore(ex, '0005', '0004_triage');
  for (const [id, f] of SEEDED) {
    await ex.run(
      `INSERT INTO findings (id, tenant_id, project_id, fingerprint, tool, scanner, rule_id, severity, status,
         occurrences, content_hash, first_seen_at, last_seen_at, first_scan_id, last_scan_id, data, title, severity_rank)
       VALUES (?, 't1', 'p1', ?, 'semgrep', 'semgrep', ?, ?, 'open', 2, 'h', ?, ?, 's1', 's1', ?, ?, ?)`,
      [id, `fp-${id}`, `rule-${f.name}`, f.severity, T, T, findingJson(f), f.name, severityRank[f.severity]],
    );
    await ex.run("INSERT INTO scan_findings (scan_id, finding_id, occurrences) VALUES ('s1', ?, 2)", [id]);
  }
}

/** After the upgrade every finding reads as before (JSON from finding_data) and a new JSON replaces it. */
async function checkUpgrade(store: Store, query: (sql: string) => Promise<Record<string, unknown>[]>) {
  expect((await store.migrate()).current).toContain('0005_finding_data');
  const cols = await query(
    store.dialect === 'sqlite'
      ? "SELECT name FROM pragma_table_info('findings') WHERE name = 'data'"
      : "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'findings' AND column_name = 'data'",
  );
  expect(cols).toEqual([]);
  for (const [id, f] of SEEDED) {
    const got = await store.findings.get('t1', id);
    expect(got?.finding).toEqual({ ...JSON.parse(findingJson(f)), id, occurrences: 2 });
    expect(got).toMatchObject({ lastScanId: 's1', status: 'open', occurrences: 2 });
  }
  const page = await store.findings.list('t1', {
    projectId: 'p1',
    scanId: 's1',
    sort: 'severity',
    order: 'desc',
  });
  expect(page.items.map((i) => [i.id, i.finding.name])).toEqual([
    ['f1', 'SQL injection'],
    ['f2', 'Prototype pollution'],
    ['f3', 'Weak hash'],
  ]);
  const changed = findingJson({ name: 'Weak hash', severity: 'high' });
  await store.transaction((tx) =>
    tx.findings.writeBatch({
      tenantId: 't1',
      projectId: 'p1',
      scanId: 's1',
      seenAt: '2026-01-02T00:00:00.000Z',
      inserts: [],
      updates: [
        { id: 'f2', occurrences: 1 },
        {
          id: 'f3',
          occurrences: 1,
          change: { status: 'open', reopen: false, severity: 'high', contentHash: 'h2', data: changed },
        },
      ],
    }),
  );
  expect((await store.findings.get('t1', 'f3'))?.finding).toMatchObject({ severity: 'high', occurrences: 1 });
  expect((await store.findings.get('t1', 'f2'))?.finding.name).toBe('Prototype pollution');
}

describe('migration 0005 on a database with findings', () => {
  it('moves the JSON into finding_data on SQLite', async () => {
    const db = await seededDatabase('sqlite', seedAt0004, { migrate: false });
    await checkUpgrade(db.store, db.query);
  });

  it.runIf(need('postgres'))('moves it the same way on PostgreSQL', async () => {
    const db = await seededDatabase('postgres', seedAt0004, { migrate: false });
    await checkUpgrade(db.store, db.query);
  });
});
