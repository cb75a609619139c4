import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findingSearchColumns, type Store } from '../src/index.js';
import { backends } from './backends.js';
import { findingJson, seedFindings } from './seed-findings.js';

for (const backend of backends) {
  describe.runIf(backend.enabled)(`search columns written by the bulk paths on ${backend.name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    let query: (sql: string) => Promise<Record<string, unknown>[]>;
    beforeAll(async () => {
      ({ store, cleanup, query } = await backend.open());
    });
    afterAll(() => cleanup?.());

    const columns = async (id: string) => {
      const [r] = await query(
        `SELECT title, location_kind, locator, severity_rank FROM findings WHERE id = '${id.replace(/'/g, '')}'`,
      );
      return [r?.title, r?.location_kind, r?.locator, Number(r?.severity_rank)];
    };

    it('fills them on insert and follows a content change, keeping them when the JSON stays', async () => {
      const t = (await store.tenants.getOrCreate('bulk')).id;
      const p = (await store.projects.getOrCreate(t, { name: 'app' })).id;
      const [id] = await seedFindings(store, t, p, [
        { name: 'Old name', severity: 'low', location: { kind: 'source', file: 'a.ts' } },
      ]);
      expect(await columns(id!)).toEqual(['Old name', 'source', 'a.ts', 1]);

      const scan = await store.scans.create(t, { projectId: p, provider: 'upload', kind: 'sast' });
      const write = (
        change: NonNullable<Parameters<Store['findings']['writeBatch']>[0]['updates'][0]['change']>,
      ) =>
        store.transaction((tx) =>
          tx.findings.writeBatch({
            tenantId: t,
            projectId: p,
            scanId: scan.id,
            seenAt: new Date().toISOString(),
            inserts: [],
            updates: [{ id: id!, occurrences: 1, change }],
          }),
        );
      const base = { status: 'open', reopen: false, contentHash: 'h2' } as const;
      // the JSON changes, no columns given: read from it
      const moved = {
        name: 'New name',
        severity: 'critical',
        location: { kind: 'package', name: 'axios' },
      } as const;
      await write({ ...base, severity: 'critical', data: findingJson(moved) });
      expect(await columns(id!)).toEqual(['New name', 'package', 'axios', 4]);
      // severity only (JSON stays): the rank follows, the rest stays
      await write({ ...base, severity: 'medium' });
      expect(await columns(id!)).toEqual(['New name', 'package', 'axios', 2]);
      // the JSON changes with the columns given (as ingest passes them), to no location at all
      const gone = { name: 'Nowhere', severity: 'high' } as const;
      await write({ ...base, severity: 'high', data: findingJson(gone), search: findingSearchColumns(gone) });
      expect(await columns(id!)).toEqual(['Nowhere', null, null, 3]);
      expect((await store.findings.list(t, { projectId: p, q: 'nowhere' })).items.map((f) => f.id)).toEqual([
        id,
      ]);
    });

    it('takes the columns ingest passes with a new row', async () => {
      const t = (await store.tenants.getOrCreate('bulk-2')).id;
      const p = (await store.projects.getOrCreate(t, { name: 'app' })).id;
      const scan = await store.scans.create(t, { projectId: p, provider: 'upload', kind: 'dast' });
      const f = {
        name: 'XSS',
        severity: 'high',
        location: { kind: 'url', url: 'https://a.example/q' },
      } as const;
      await store.transaction((tx) =>
        tx.findings.writeBatch({
          tenantId: t,
          projectId: p,
          scanId: scan.id,
          seenAt: new Date().toISOString(),
          inserts: [
            {
              id: '01900000-0000-7000-8000-000000000001',
              fingerprint: 'fp',
              tool: 'zap',
              scanner: 'zap',
              ruleId: '40012',
              severity: 'high',
              occurrences: 1,
              contentHash: 'h',
              data: findingJson(f),
              ...findingSearchColumns(f),
            },
          ],
          updates: [],
        }),
      );
      expect(await columns('01900000-0000-7000-8000-000000000001')).toEqual([
        'XSS',
        'url',
        'https://a.example/q',
        3,
      ]);
    });
  });
}
