import type { Finding, SeverityCounts } from '@scanrelay/findings-schema';
import type { Store } from '@scanrelay/storage';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ingest, readTrendReport, readTrends } from '../src/index.js';
import { backends } from './backends.js';
import { pkg, sast } from './findings.js';

const HOUR = 3_600_000;
const NOW = new Date('2026-03-10T12:00:00.000Z');
const counts = (c: Partial<SeverityCounts>): SeverityCounts => ({
  critical: 0,
  high: 0,
  medium: 0,
  low: 0,
  info: 0,
  ...c,
});

for (const backend of backends) {
  describe.runIf(backend.enabled)(`dashboard trends on ${backend.name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    let tenant: string;
    let projectA: string;

    /** A real ingest (mode `new`) as if it ran at `at`: the scan completes then, fixes are dated then. */
    async function scanAt(
      at: string,
      project: string,
      provider: string,
      findings: Finding[],
      scanner?: string,
    ) {
      vi.setSystemTime(new Date(at));
      const kind = provider === 'trivy' ? 'sca' : 'sast';
      return ingest(store, { tenant, project, scan: { provider, kind }, findings, mode: 'new', scanner });
    }

    beforeAll(async () => {
      ({ store, cleanup } = await backend.open());
      tenant = (await store.tenants.getOrCreate('acme')).id;
      const other = (await store.tenants.getOrCreate('other')).id;
      vi.useFakeTimers({ toFake: ['Date'] });
      // Day 1: project a (trivy) and b (semgrep).
      await scanAt('2026-03-08T10:00:00.000Z', 'a', 'trivy', [
        pkg('CVE-1', 'x', '1', 'critical'),
        pkg('CVE-2', 'y', '1', 'high'),
        pkg('CVE-3', 'z', '1', 'high'),
      ]);
      await scanAt('2026-03-08T10:00:00.000Z', 'b', 'semgrep', [
        sast('r1', 'app.js', { severity: 'high' }),
        sast('r2', 'app.js', { severity: 'low' }),
      ]);
      // Day 2: trivy on a twice (CVE-1 and CVE-3 fixed at 09:00; the 20:00 scan is the day's latest) and semgrep on a.
      await scanAt('2026-03-09T09:00:00.000Z', 'a', 'trivy', [
        pkg('CVE-2', 'y', '1', 'high'),
        pkg('CVE-4', 'w', '1', 'medium'),
      ]);
      await scanAt('2026-03-09T15:00:00.000Z', 'a', 'semgrep', [
        sast('r3', 'lib.js', { severity: 'medium' }),
        sast('r4', 'lib.js', { severity: 'medium' }),
      ]);
      await scanAt('2026-03-09T20:00:00.000Z', 'a', 'trivy', [
        pkg('CVE-2', 'y', '1', 'high'),
        pkg('CVE-4', 'w', '1', 'medium'),
        pkg('CVE-5', 'v', '1', 'low'),
      ]);
      // Day 3: b's semgrep finds nothing any more (both fixed at 08:00).
      await scanAt('2026-03-10T08:00:00.000Z', 'b', 'semgrep', [], 'semgrep');
      // Neither a scan that did not complete nor another tenant's scan counts.
      const a = await store.projects.getByName(tenant, 'a');
      projectA = a!.id;
      await store.scans.create(tenant, {
        projectId: projectA,
        provider: 'zap',
        kind: 'dast',
        status: 'failed',
        counts: counts({ critical: 9 }),
      });
      vi.setSystemTime(new Date('2026-03-09T10:00:00.000Z'));
      await ingest(store, {
        tenant: other,
        project: 'a',
        scan: { provider: 'trivy', kind: 'sca' },
        findings: [pkg('CVE-9', 'q', '1', 'critical')],
        mode: 'new',
      });
      vi.useRealTimers();
    });
    afterEach(() => vi.useRealTimers());
    afterAll(() => cleanup?.());

    it('sums, per day, the latest completed scan of each project and provider for the tenant', async () => {
      const points = await readTrends(store, tenant, { days: 4, now: NOW });
      expect(points).toEqual([
        { day: '2026-03-07', counts: counts({}), total: 0 },
        { day: '2026-03-08', counts: counts({ critical: 1, high: 3, low: 1 }), total: 5 },
        { day: '2026-03-09', counts: counts({ high: 2, medium: 3, low: 2 }), total: 7 },
        { day: '2026-03-10', counts: counts({ high: 1, medium: 3, low: 1 }), total: 5 },
      ]);
    });

    it('gives one project alone, carrying a day without scans forward', async () => {
      const points = await readTrends(store, tenant, { projectId: projectA, days: 3, now: NOW });
      expect(points.map((p) => [p.day, p.counts])).toEqual([
        ['2026-03-08', counts({ critical: 1, high: 2 })],
        ['2026-03-09', counts({ high: 1, medium: 3, low: 1 })],
        ['2026-03-10', counts({ high: 1, medium: 3, low: 1 })],
      ]);
    });

    it('ends with the day of `now` and defaults to 30 days', async () => {
      const points = await readTrends(store, tenant, { now: new Date('2026-03-20T00:00:00.000Z') });
      expect(points).toHaveLength(30);
      expect(points[0]?.day).toBe('2026-02-19');
      await expect(readTrends(store, tenant, { days: 0 })).rejects.toThrow(TypeError);
      await expect(readTrends(store, tenant, { days: 367 })).rejects.toThrow(/integer from 1 to 366/);
      expect(points.at(-1)).toEqual({
        day: '2026-03-20',
        counts: counts({ high: 1, medium: 3, low: 1 }),
        total: 5,
      });
    });

    it('reports the mean time to fix from first seen to fixed', async () => {
      const tenantWide = await readTrendReport(store, tenant, { days: 1, now: NOW });
      // a: CVE-1 and CVE-3 seen 03-08 10:00, fixed 03-09 09:00 (23 h); b: r1 and r2 fixed 03-10 08:00 (46 h).
      expect(tenantWide.fixTimes).toEqual({ fixed: 4, meanMs: 34.5 * HOUR });
      expect(tenantWide.points).toEqual([
        { day: '2026-03-10', counts: counts({ high: 1, medium: 3, low: 1 }), total: 5 },
      ]);
      expect((await readTrendReport(store, tenant, { projectId: projectA, now: NOW })).fixTimes).toEqual({
        fixed: 2,
        meanMs: 23 * HOUR,
      });
    });
  });
}
