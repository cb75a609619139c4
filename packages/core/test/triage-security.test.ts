import type { Store } from '@scanrelay/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFindings, readProjectBlocklist, triageFinding } from '../src/index.js';
import { receiveScanResult } from '../src/sast/receive-scan-result.js';
import { readProjectSecurity } from '../src/sast/security-view.js';
import { backends } from './backends.js';
import {
  COMMIT_B,
  dispatchScan,
  finding,
  pastCreation,
  resultFor,
  type SastFixture,
  sastFixture,
  signed,
} from './sast-results-support.js';

for (const backend of backends) {
  describe.runIf(backend.enabled)(`triage in the security view and the blocklist on ${backend.name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    let f: SastFixture;
    beforeAll(async () => {
      ({ store, cleanup } = await backend.open());
      f = await sastFixture(store);
    });
    afterAll(() => cleanup?.());

    const report = () => [
      finding('semgrep', 'eval-injection', 'src/app.js', 'critical', 12),
      finding('semgrep', 'weak-hash', 'src/hash.js', 'low', 4),
    ];
    async function scanWith(project: string, commitSha?: string) {
      const scan = await dispatchScan(f, project);
      const result = resultFor(scan, report(), commitSha ? { commitSha } : {});
      const answer = await receiveScanResult(f.deps(), signed(result, { at: f.clock.now() }));
      await pastCreation(scan);
      return answer;
    }
    const read = (project: string) =>
      readProjectSecurity(f.deps({ providers: [{ provider: 'semgrep' }] }), {
        tenantId: f.tenantId,
        project,
      });
    async function triageCritical(project: string, accepted?: { expiresAt: string; now: Date }) {
      const p = await store.projects.getByName(f.tenantId, project);
      const rows = await listFindings(store, f.tenantId, { projectId: p?.id, severity: 'critical' });
      expect(rows.items).toHaveLength(1);
      return triageFinding(store, {
        tenantId: f.tenantId,
        id: rows.items[0]!.id,
        status: accepted ? 'accepted-risk' : 'false-positive',
        reason: 'eval on a constant string',
        actor: 'key:sec',
        ...accepted,
      });
    }

    it('leaves a triaged critical out of the counts, the findings and the verdict, and lifts its block', async () => {
      expect((await scanWith('sec-triaged')).blocked).toBe(true);
      const before = await read('sec-triaged');
      expect(before).toMatchObject({ verdict: 'fail', blocked: true });
      expect(before.counts.critical).toBe(1);

      await triageCritical('sec-triaged');
      const view = await read('sec-triaged');
      expect(view).toMatchObject({
        verdict: 'pass',
        blocked: false,
        counts: { critical: 0, high: 0, medium: 0, low: 1, info: 0 },
      });
      expect(view.providers).toEqual([
        expect.objectContaining({
          provider: 'semgrep',
          verdict: 'pass',
          score: 99,
          counts: { critical: 0, high: 0, medium: 0, low: 1, info: 0 },
        }),
      ]);
      expect(view.findings.map((g) => [g.severity, g.items.map((i) => i.title)])).toEqual([
        ['low', ['weak-hash']],
      ]);
      expect((await readProjectBlocklist(store, f.tenantId, 'sec-triaged')).entries).toEqual([]);
    });

    it('does not blocklist a new result whose only critical is already triaged', async () => {
      await scanWith('sec-rescan');
      await triageCritical('sec-rescan');
      const again = await scanWith('sec-rescan', COMMIT_B);
      expect(again).toMatchObject({ blocked: false, current: true });
      expect(await store.scans.get(f.tenantId, again.scanId)).toMatchObject({
        verdict: 'pass',
        score: 99,
        counts: { critical: 0, high: 0, medium: 0, low: 1, info: 0 },
      });
      const view = await read('sec-rescan');
      expect(view).toMatchObject({ verdict: 'pass', blocked: false });
      expect(view.counts.critical).toBe(0);
    });

    it('counts a critical again once its acceptance has expired', async () => {
      await scanWith('sec-expired');
      const hour = 3_600_000;
      await triageCritical('sec-expired', {
        expiresAt: new Date(Date.now() - hour).toISOString(),
        now: new Date(Date.now() - 2 * hour),
      });
      const view = await read('sec-expired');
      expect(view).toMatchObject({ verdict: 'fail' });
      expect(view.counts.critical).toBe(1);
      expect(view.providers[0]?.verdict).toBe('fail');
    });

    it('keeps an untriaged critical failing', async () => {
      await scanWith('sec-open');
      const view = await read('sec-open');
      expect(view).toMatchObject({ verdict: 'fail', blocked: true });
      expect(view.providers[0]?.verdict).toBe('fail');
    });
  });
}
