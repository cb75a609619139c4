import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../src/index.js';
import { backends } from './backends.js';

for (const backend of backends) {
  describe.runIf(backend.enabled)(`stale scans and tenant deliveries on ${backend.name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    beforeAll(async () => {
      ({ store, cleanup } = await backend.open());
    });
    afterAll(() => cleanup?.());

    it('lists unfinished scans of a provider across tenants, oldest change first, and keeps a status detail', async () => {
      const provider = `p-${crypto.randomUUID().slice(0, 8)}`;
      const a = await store.tenants.getOrCreate('stale-a');
      const b = await store.tenants.getOrCreate('stale-b');
      const pa = await store.projects.getOrCreate(a.id, { name: 'web' });
      const pb = await store.projects.getOrCreate(b.id, { name: 'web' });
      const s1 = await store.scans.create(a.id, {
        projectId: pa.id,
        provider,
        kind: 'dast',
        status: 'running',
      });
      const s2 = await store.scans.create(b.id, {
        projectId: pb.id,
        provider,
        kind: 'dast',
        status: 'pending',
      });
      await store.scans.create(a.id, { projectId: pa.id, provider, kind: 'dast', status: 'completed' });
      const failed = await store.scans.update(a.id, s1.id, { statusDetail: 'Invicti state: Failed' });
      expect(failed?.statusDetail).toBe('Invicti state: Failed');
      const later = new Date(Date.now() + 60_000).toISOString();
      const stale = await store.scans.listStale({
        provider,
        status: ['pending', 'running'],
        updatedBefore: later,
      });
      expect(stale.map((s) => s.id).sort()).toEqual([s1.id, s2.id].sort());
      expect(stale[0]!.updatedAt <= stale[1]!.updatedAt).toBe(true);
      expect(stale.find((s) => s.id === s1.id)).toMatchObject({ tenantId: a.id, project: 'web' });
      const earlier = new Date(Date.now() - 60_000).toISOString();
      expect(await store.scans.listStale({ provider, status: ['running'], updatedBefore: earlier })).toEqual(
        [],
      );
    });

    it('keeps the tenant and subject of a delivery and lists one tenant’s deliveries', async () => {
      const source = `src-${crypto.randomUUID().slice(0, 8)}`;
      await store.deliveries.record({ source, id: 'd1', tenantId: 't-1', subject: 'scan-1' });
      await store.deliveries.record({ source, id: 'd2', tenantId: 't-2', subject: 'scan-2' });
      await store.deliveries.record({ source, id: 'd3' });
      const page = await store.deliveries.list({ source, tenantId: 't-1' });
      expect(page.items).toHaveLength(1);
      expect(page.items[0]).toMatchObject({ id: 'd1', tenantId: 't-1', subject: 'scan-1' });
      expect((await store.deliveries.list({ source })).items).toHaveLength(3);
    });
  });
}
