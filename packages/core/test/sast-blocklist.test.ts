import type { Finding } from '@scanrelay/findings-schema';
import type { SastProvider } from '@scanrelay/sast-runners';
import type { Store, StoredScan } from '@scanrelay/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liftBlocklist, listBlocklist, readProjectBlocklist } from '../src/sast/blocklist-views.js';
import { receiveScanResult } from '../src/sast/receive-scan-result.js';
import { backends } from './backends.js';
import {
  COMMIT_A,
  COMMIT_B,
  dispatchScan,
  finding,
  pastCreation,
  resultFor,
  type SastFixture,
  sastFixture,
  signed,
} from './sast-results-support.js';

const critical = (provider: string, n = 1) =>
  Array.from({ length: n }, (_, i) => finding(provider, `rce-${i}`, `src/f${i}.js`, 'critical', i + 1));

for (const backend of backends) {
  describe.runIf(backend.enabled)(`the SAST blocklist on ${backend.name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    let f: SastFixture;
    beforeAll(async () => {
      ({ store, cleanup } = await backend.open());
      f = await sastFixture(store);
    });
    afterAll(() => cleanup?.());

    /** Dispatches a scan of `project` with `provider` (after the previous one) and posts its result. */
    async function scanWith(
      project: string,
      provider: SastProvider,
      findings: Finding[],
      options: { commitSha?: string; status?: 'failed' } = {},
    ): Promise<{ scan: StoredScan; blocked: boolean }> {
      const scan = await dispatchScan(f, project, provider);
      const result = resultFor(scan, findings, { commitSha: options.commitSha ?? COMMIT_A });
      if (options.status === 'failed') Object.assign(result, { status: 'failed', error: 'the tool crashed' });
      const answer = await receiveScanResult(f.deps(), signed(result, { at: f.clock.now() }));
      await pastCreation(scan);
      return { scan, blocked: answer.blocked };
    }
    const entries = async (project: string) =>
      (await readProjectBlocklist(store, f.tenantId, project)).entries;

    it('blocklists on critical findings and an admin lifts it', async () => {
      expect((await scanWith('bl-admin', 'semgrep', critical('semgrep', 3))).blocked).toBe(true);
      expect(await entries('bl-admin')).toEqual([
        expect.objectContaining({ reason: 'semgrep found 3 critical findings', active: true }),
      ]);
      expect((await listBlocklist(store, f.tenantId)).items.map((e) => e.project)).toContain('bl-admin');

      expect(await liftBlocklist(store, f.tenantId, 'bl-admin')).toEqual({ project: 'bl-admin', lifted: 1 });
      expect(await readProjectBlocklist(store, f.tenantId, 'bl-admin')).toEqual({
        project: 'bl-admin',
        blocked: false,
        entries: [],
      });
      expect((await listBlocklist(store, f.tenantId)).items.map((e) => e.project)).not.toContain('bl-admin');
      expect(await liftBlocklist(store, f.tenantId, 'bl-admin')).toEqual({ project: 'bl-admin', lifted: 0 });
      // Critical findings again: blocklisted again.
      expect(
        (await scanWith('bl-admin', 'semgrep', critical('semgrep'), { commitSha: COMMIT_B })).blocked,
      ).toBe(true);
    });

    it('is lifted by a clean result of the blocking provider at a newer dispatch and another commit only', async () => {
      await scanWith('bl-auto', 'semgrep', critical('semgrep', 2));
      // Another provider's clean result says nothing about semgrep's findings.
      expect((await scanWith('bl-auto', 'trufflehog', [])).blocked).toBe(true);
      // The same commit scanned clean again proves nothing new.
      expect((await scanWith('bl-auto', 'semgrep', [], { commitSha: COMMIT_A })).blocked).toBe(true);
      // A failed scan never lifts.
      expect(
        (await scanWith('bl-auto', 'semgrep', [], { commitSha: COMMIT_B, status: 'failed' })).blocked,
      ).toBe(true);
      expect(await entries('bl-auto')).toEqual([
        expect.objectContaining({ reason: 'semgrep found 2 critical findings' }),
      ]);
      expect((await scanWith('bl-auto', 'semgrep', [], { commitSha: COMMIT_B })).blocked).toBe(false);
      expect(await entries('bl-auto')).toEqual([]);
    });

    it('keeps one entry for several blocking providers, each lifted by its own clean result', async () => {
      await scanWith('bl-multi', 'semgrep', critical('semgrep', 2));
      const { scan } = await scanWith('bl-multi', 'trufflehog', critical('trufflehog', 1));
      const [entry] = await entries('bl-multi');
      expect(await entries('bl-multi')).toHaveLength(1);
      expect(entry).toMatchObject({
        reason: 'semgrep found 2 critical findings; trufflehog found 1 critical findings',
        evidence: {
          providers: {
            semgrep: expect.objectContaining({ critical: 2, commitSha: COMMIT_A }),
            trufflehog: { scanId: scan.id, commitSha: COMMIT_A, critical: 1, dispatchedAt: scan.createdAt },
          },
        },
      });
      expect((await scanWith('bl-multi', 'semgrep', [], { commitSha: COMMIT_B })).blocked).toBe(true);
      expect(await entries('bl-multi')).toEqual([
        expect.objectContaining({ id: entry?.id, reason: 'trufflehog found 1 critical findings' }),
      ]);
      expect((await scanWith('bl-multi', 'trufflehog', [], { commitSha: COMMIT_B })).blocked).toBe(false);
    });

    it('never lifts an entry an admin made by hand', async () => {
      const { scan } = await scanWith('bl-manual', 'semgrep', []);
      await store.blocklist.upsert({
        tenantId: f.tenantId,
        projectId: scan.projectId,
        threatType: 'malware',
        severity: 'critical',
        reason: 'reported by the security team',
        discoveredBy: 'admin',
      });
      expect((await scanWith('bl-manual', 'semgrep', [], { commitSha: COMMIT_B })).blocked).toBe(true);
      expect(await entries('bl-manual')).toEqual([
        expect.objectContaining({ reason: 'reported by the security team', discoveredBy: 'admin' }),
      ]);
    });

    it('answers not_found for an unknown project and for another tenant’s', async () => {
      await scanWith('bl-tenant', 'semgrep', critical('semgrep'));
      const other = (await store.tenants.getOrCreate(`other-${crypto.randomUUID()}`)).id;
      for (const call of [
        () => readProjectBlocklist(store, other, 'bl-tenant'),
        () => liftBlocklist(store, other, 'bl-tenant'),
        () => readProjectBlocklist(store, f.tenantId, 'never-seen'),
      ])
        await expect(call()).rejects.toEqual(expect.objectContaining({ code: 'not_found' }));
      expect(await listBlocklist(store, other)).toEqual({ items: [] });
      expect((await readProjectBlocklist(store, f.tenantId, 'bl-tenant')).blocked).toBe(true);
    });
  });
}
