import { severityRank } from '@scanrelay/findings-schema';
import { need } from '@scanrelay/test-utils';
import { describe, expect, it } from 'vitest';
import type { Executor } from '../src/executor.js';
import type { Store } from '../src/index.js';
import { findingJson, type SeedFinding } from './seed-findings.js';
import { seededDatabase, seedProjectBefore } from './seeded-database.js';

const FIRST = '2026-01-01T00:00:00.000Z';

/** id, finding, occurrences, last seen, last scan. */
const SEEDED: [string, SeedFinding, number, string, string][] = [
  ['f1', { name: 'SQL injection', severity: 'critical' }, 2, '2026-01-03T00:00:00.000Z', 's2'],
  ['f2', { name: 'Prototype pollution', severity: 'high' }, 1, '2026-01-01T00:00:00.000Z', 's1'],
  ['f3', { name: 'Weak hash', severity: 'medium' }, 5, '2026-01-02T00:00:00.000Z', 's1'],
];

/** A database at 0005 whose findings carry their last-seen marks in `findings`. */
async function seedAt0005(ex: Executor): Promise<void> {
  await seedProjectBefore(ex, '0006', '0005_finding_data');
  for (const [id, f, occurrences, lastSeen, lastScan] of SEEDED) {
    await ex.run(
      `INSERT INTO findings (id, tenant_id, project_id, fingerprint, tool, scanner, rule_id, severity, status,
         occurrences, content_hash, first_seen_at, last_seen_at, first_scan_id, last_scan_id, title, severity_rank)
       VALUES (?, 't1', 'p1', ?, 'semgrep', 'semgrep', ?, ?, 'open', ?, 'h', ?, ?, 's1', ?, ?, ?)`,
      [
        id,
        `fp-${id}`,
        `rule-${f.name}`,
        f.severity,
        occurrences,
        FIRST,
        lastSeen,
        lastScan,
        f.name,
        severityRank[f.severity],
      ],
    );
    await ex.run('INSERT INTO finding_data (finding_id, data) VALUES (?, ?)', [id, findingJson(f)]);
  }
}

/** The marks move to finding_seen unchanged; reads, the last-seen order and a re-import use them. */
async function checkUpgrade(store: Store, query: (sql: string) => Promise<Record<string, unknown>[]>) {
  expect((await store.migrate()).current.at(-1)).toBe('0006_finding_seen');
  const left = await query(
    store.dialect === 'sqlite'
      ? "SELECT name FROM pragma_table_info('findings') WHERE name IN ('occurrences', 'last_seen_at', 'last_scan_id')"
      : "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'findings' AND column_name IN ('occurrences', 'last_seen_at', 'last_scan_id')",
  );
  expect(left).toEqual([]);
  for (const [id, , occurrences, lastSeenAt, lastScanId] of SEEDED) {
    const got = await store.findings.get('t1', id);
    expect(got).toMatchObject({ occurrences, lastSeenAt, lastScanId, firstSeenAt: FIRST, status: 'open' });
    expect(got?.finding.occurrences).toBe(occurrences);
  }
  const page = await store.findings.list('t1', {
    projectId: 'p1',
    sort: 'last_seen',
    order: 'desc',
    limit: 2,
  });
  expect(page.items.map((f) => f.id)).toEqual(['f1', 'f3']);
  const rest = await store.findings.list('t1', {
    projectId: 'p1',
    sort: 'last_seen',
    order: 'desc',
    cursor: page.nextCursor,
  });
  expect(rest.items.map((f) => f.id)).toEqual(['f2']);
  expect(await store.findings.lastSeenInScan('t1', 'p1', 's1')).toBe('2026-01-02T00:00:00.000Z');

  // A re-import that sees f1 and f3: f2 is closed, the others carry the new marks.
  const at = '2026-01-04T00:00:00.000Z';
  const fixed = await store.transaction(async (tx) => {
    await tx.findings.writeBatch({
      tenantId: 't1',
      projectId: 'p1',
      scanId: 's1',
      seenAt: at,
      inserts: [],
      updates: [
        { id: 'f1', occurrences: 1 },
        { id: 'f3', occurrences: 4 },
      ],
    });
    return tx.findings.closeMissing({
      tenantId: 't1',
      projectId: 'p1',
      scanId: 's1',
      at,
      tools: ['semgrep'],
    });
  });
  expect(fixed).toMatchObject({ high: 1, critical: 0, medium: 0 });
  expect(await store.findings.get('t1', 'f2')).toMatchObject({
    status: 'fixed',
    fixedAt: at,
    lastScanId: 's1',
  });
  expect(await store.findings.get('t1', 'f3')).toMatchObject({
    status: 'open',
    occurrences: 4,
    lastSeenAt: at,
  });
  expect(await store.findings.lastSeenInScan('t1', 'p1', 's1')).toBe(at);
}

describe('migration 0006 on a database with findings', () => {
  it('moves the last-seen marks into finding_seen on SQLite', async () => {
    const db = await seededDatabase('sqlite', seedAt0005, { migrate: false });
    await checkUpgrade(db.store, db.query);
  });

  it.runIf(need('postgres'))('moves them the same way on PostgreSQL', async () => {
    const db = await seededDatabase('postgres', seedAt0005, { migrate: false });
    await checkUpgrade(db.store, db.query);
  });
});
