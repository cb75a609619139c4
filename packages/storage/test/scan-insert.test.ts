import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanInput } from '../src/index.js';
import { backends, type OpenBackend } from './backends.js';

// A new scan's INSERT is prepared once per set of columns given (SQLite): each scan still gets its
// own values, a column given as null is NULL, and the counts are stored as JSON.
for (const backend of backends.filter((b) => b.enabled)) {
  describe(`scan INSERT reused (${backend.name})`, () => {
    let db: OpenBackend;
    beforeAll(async () => {
      db = await backend.open();
    });
    afterAll(() => db.cleanup());

    it('gives every scan of one column set its own values, nulls as NULL', async () => {
      const { store } = db;
      const t = await store.tenants.getOrCreate('scan-insert');
      const p = await store.projects.getOrCreate(t.id, { name: 'api' });
      const make = (n: number, target: string | null) =>
        store.scans.create(t.id, {
          projectId: p.id,
          provider: 'invicti',
          kind: 'dast',
          status: 'running',
          externalId: `ext-${n}`,
          target,
          counts: { critical: n, high: 0, medium: 0, low: 0, info: 0 },
        } as ScanInput);
      const a = await make(1, 'https://a.example');
      const b = await make(2, 'https://b.example');
      const c = await make(3, null);
      const d = await make(4, 'https://d.example');
      expect([a, b, c, d].map((s) => [s.externalId, s.target ?? null, s.counts.critical])).toEqual([
        ['ext-1', 'https://a.example', 1],
        ['ext-2', 'https://b.example', 2],
        ['ext-3', null, 3],
        ['ext-4', 'https://d.example', 4],
      ]);
      for (const s of [a, b, c, d]) expect(await store.scans.get(t.id, s.id)).toEqual(s);
      const rows = await db.query(
        `SELECT external_id, target, counts FROM scans WHERE tenant_id = '${t.id}' ORDER BY external_id`,
      );
      expect(rows.map((r) => r.target)).toEqual([
        'https://a.example',
        'https://b.example',
        null,
        'https://d.example',
      ]);
      const counts = rows.map((r) => (typeof r.counts === 'string' ? JSON.parse(r.counts) : r.counts));
      expect(counts.map((x: { critical: number }) => x.critical)).toEqual([1, 2, 3, 4]);
    });
  });
}
