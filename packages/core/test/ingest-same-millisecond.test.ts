import type { Store } from '@scanrelay/storage';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ingest } from '../src/index.js';
import { backends } from './backends.js';
import { sast } from './findings.js';

/**
 * Two runs of a scan upserted for a provider share its id; what tells their findings apart must not
 * be the clock alone. The clock is frozen here, as it is in effect when both runs fit in one
 * millisecond (a small SQLite ingest takes about half of one).
 */
for (const backend of backends) {
  describe.runIf(backend.enabled)(`ingest on ${backend.name} with two runs in one millisecond`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    let tenant: string;

    beforeAll(async () => {
      ({ store, cleanup } = await backend.open());
      tenant = (await store.tenants.getOrCreate('acme')).id;
    });
    afterEach(() => {
      vi.useRealTimers();
    });
    afterAll(() => cleanup?.());

    /** Upserts the project's semgrep scan, as a SAST run on publish does, and ingests its findings. */
    const sastRun = async (project: string, findings: ReturnType<typeof sast>[]) => {
      const proj = await store.projects.getOrCreate(tenant, { name: project });
      const scan = await store.scans.upsertForProvider(tenant, {
        projectId: proj.id,
        provider: 'semgrep',
        kind: 'sast',
      });
      return ingest(store, {
        tenant,
        project,
        scan: { id: scan.id, provider: 'semgrep' },
        findings,
        mode: 'new',
      });
    };

    it('counts the second run of an upserted SAST scan as a new run, not as duplicates', async () => {
      vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
      const first = await sastRun('same-ms', [sast('r1', 'a.py'), sast('r2', 'b.py')]);
      const second = await sastRun('same-ms', [sast('r1', 'a.py'), sast('r3', 'c.py')]);
      expect(second.scanId).toBe(first.scanId);
      expect(second).toMatchObject({ created: 1, unchanged: 1, fixed: 1, duplicates: 0 });
      const rows = (await store.findings.list(tenant, { projectId: second.projectId })).items;
      const byRule = Object.fromEntries(rows.map((f) => [f.ruleId, f]));
      expect(byRule.r1).toMatchObject({ status: 'open', occurrences: 1 });
      expect(byRule.r2?.status).toBe('fixed');
    });
  });
}
