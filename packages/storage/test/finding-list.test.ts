import { SEVERITIES, type Severity, severityRank } from '@scanrelay/findings-schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FindingQuery, FindingSort, Store, StoredFinding } from '../src/index.js';
import { backends } from './backends.js';
import { type SeedFinding, seedFindings } from './seed-findings.js';

const LOCATIONS: NonNullable<SeedFinding['location']>[] = [
  { kind: 'source', file: 'src/Auth/Login.ts', startLine: 12 },
  { kind: 'package', name: 'Lodash', version: '4.17.20', fixedVersion: '4.17.21' },
  { kind: 'url', url: 'https://shop.example/login?next=%2F', method: 'GET' },
  { kind: 'host', host: 'db.internal', port: 5432 },
];

/** 40 findings over three imports: every severity, kind and a few first/last-seen times. */
function corpus(batch: number): SeedFinding[] {
  return Array.from({ length: 40 }, (_, i) => ({
    name: i % 5 === 0 ? `SQL injection 100%_safe #${batch}-${i}` : `Finding ${batch}-${i}`,
    severity: SEVERITIES[(i * 7 + batch) % SEVERITIES.length] as Severity,
    ruleId: i % 6 === 0 ? `java/Path-Traversal-${i}` : `rule-${batch}-${i}`,
    location: i % 9 === 8 ? undefined : LOCATIONS[(i + batch) % LOCATIONS.length],
  }));
}

type Key = (f: StoredFinding) => string | number;
const KEYS: Record<FindingSort, Key> = {
  id: (f) => f.id,
  severity: (f) => severityRank[f.severity],
  first_seen: (f) => f.firstSeenAt,
  last_seen: (f) => f.lastSeenAt,
};

function sorted(all: StoredFinding[], sort: FindingSort, order: 'asc' | 'desc'): string[] {
  const key = KEYS[sort];
  const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
  return [...all]
    .sort((a, b) => {
      const c = cmp(key(a), key(b)) || cmp(a.id, b.id);
      return order === 'asc' ? c : -c;
    })
    .map((f) => f.id);
}

async function everyPage(store: Store, tenantId: string, query: FindingQuery): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const page = await store.findings.list(tenantId, { ...query, limit: 7, cursor });
    ids.push(...page.items.map((f) => f.id));
    cursor = page.nextCursor;
    if (!cursor) return ids;
  }
  throw new Error('paging did not end');
}

for (const backend of backends) {
  describe.runIf(backend.enabled)(`finding list on ${backend.name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    let tenant: string;
    let project: string;
    let all: StoredFinding[];
    beforeAll(async () => {
      ({ store, cleanup } = await backend.open());
      tenant = (await store.tenants.getOrCreate('list')).id;
      project = (await store.projects.getOrCreate(tenant, { name: 'web' })).id;
      await seedFindings(store, tenant, project, corpus(1), '2026-01-01T00:00:00.000Z');
      await seedFindings(store, tenant, project, corpus(2), '2026-01-02T00:00:00.000Z');
      await seedFindings(store, tenant, project, corpus(3), '2026-01-02T00:00:00.000Z');
      // another project and tenant with the same findings: never listed
      await seedFindings(
        store,
        tenant,
        (await store.projects.getOrCreate(tenant, { name: 'api' })).id,
        corpus(1),
      );
      const other = (await store.tenants.getOrCreate('list-other')).id;
      await seedFindings(
        store,
        other,
        (await store.projects.getOrCreate(other, { name: 'web' })).id,
        corpus(1),
      );
      all = (await store.findings.list(tenant, { projectId: project, limit: 1000 })).items;
    });
    afterAll(() => cleanup?.());

    it('holds the corpus', () => {
      expect(all).toHaveLength(120);
    });

    for (const sort of ['id', 'severity', 'first_seen', 'last_seen'] as const) {
      for (const order of ['asc', 'desc'] as const) {
        it(`pages by ${sort} ${order} through the full sorted list, no duplicates, no gaps`, async () => {
          const ids = await everyPage(store, tenant, { projectId: project, sort, order });
          expect(ids).toEqual(sorted(all, sort, order));
        });
      }
    }

    it('filters by kind and pages the filtered list under a sort', async () => {
      const expected = all.filter((f) => f.finding.location?.kind === 'package');
      expect(expected.length).toBeGreaterThan(10);
      const ids = await everyPage(store, tenant, {
        projectId: project,
        kind: 'package',
        sort: 'severity',
        order: 'desc',
      });
      expect(ids).toEqual(sorted(expected, 'severity', 'desc'));
      const high = await store.findings.list(tenant, {
        projectId: project,
        kind: 'host',
        severity: ['critical', 'high'],
      });
      expect(
        high.items.every((f) => f.finding.location?.kind === 'host' && severityRank[f.severity] >= 3),
      ).toBe(true);
      expect(high.items.length).toBeGreaterThan(0);
    });

    it('searches title, rule id and locator case-insensitively, with % and _ taken literally', async () => {
      const search = (q: string) => everyPage(store, tenant, { projectId: project, q });
      const has = (pred: (f: StoredFinding) => boolean) => sorted(all.filter(pred), 'id', 'asc');
      // title, any case
      expect(await search('sql INJECTION')).toEqual(has((f) => f.finding.name.includes('SQL injection')));
      // % and _ are not wildcards
      expect(await search('100%_safe')).toEqual(has((f) => f.finding.name.includes('100%_safe')));
      expect(await search('100%%')).toEqual([]);
      // as wildcards these would match "Finding 1-…"
      expect(await search('Finding_1')).toEqual([]);
      expect(await search('Fin%1-')).toEqual([]);
      // rule id
      expect(await search('path-traversal')).toEqual(has((f) => f.ruleId.startsWith('java/Path-Traversal')));
      // locators: file, package name, URL, host
      expect(await search('auth/login')).toEqual(has((f) => f.finding.location?.kind === 'source'));
      expect(await search('lodash')).toEqual(has((f) => f.finding.location?.kind === 'package'));
      expect(await search('?next=%2F')).toEqual(has((f) => f.finding.location?.kind === 'url'));
      expect(await search('DB.INTERNAL')).toEqual(has((f) => f.finding.location?.kind === 'host'));
      // with a sort
      const bySeverity = await everyPage(store, tenant, {
        projectId: project,
        q: 'finding 2-',
        sort: 'severity',
      });
      expect(bySeverity).toEqual(
        sorted(
          all.filter((f) => f.finding.name.startsWith('Finding 2-')),
          'severity',
          'asc',
        ),
      );
    });

    it('refuses what it cannot answer, alike on both backends', async () => {
      const refused = (query: FindingQuery) =>
        store.findings.list(tenant, query).then(
          () => 'answered',
          (err: { parameter?: string }) => err.parameter,
        );
      expect(await refused({ q: 'x'.repeat(201) })).toBe('q');
      expect(await refused({ q: 'a\u0000b' })).toBe('q');
      expect(await refused({ kind: 'file' as 'source' })).toBe('kind');
      expect(await refused({ sort: 'name' as 'id' })).toBe('sort');
      expect(await refused({ order: 'up' as 'asc' })).toBe('order');
      const first = await store.findings.list(tenant, { projectId: project, sort: 'severity', limit: 2 });
      // a cursor of another sort is refused, not misread
      expect(await refused({ projectId: project, sort: 'last_seen', cursor: first.nextCursor })).toBe(
        'cursor',
      );
      expect(await refused({ projectId: project, sort: 'id', cursor: first.nextCursor })).toBe('cursor');
      const byId = await store.findings.list(tenant, { projectId: project, limit: 2 });
      expect(await refused({ projectId: project, sort: 'severity', cursor: byId.nextCursor })).toBe('cursor');
    });
  });
}
