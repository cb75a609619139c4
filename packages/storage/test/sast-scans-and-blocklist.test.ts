import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isStorageError, type ScanInput, type Store } from '../src/index.js';
import { backends, type OpenBackend } from './backends.js';

/** The `code` of the StorageError a promise rejects with ('resolved' when it does not reject). */
async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'resolved';
  } catch (err) {
    return isStorageError(err) ? err.code : `not a StorageError: ${String(err)}`;
  }
}

for (const backend of backends) {
  describe.runIf(backend.enabled)(`active SAST scans and blocklist changes on ${backend.name}`, () => {
    let db: OpenBackend;
    let store: Store;
    beforeAll(async () => {
      db = await backend.open();
      store = db.store;
    });
    afterAll(() => db?.cleanup());

    const projectOf = async (tenant: string, name: string) => {
      const t = await store.tenants.getOrCreate(tenant);
      const p = await store.projects.getOrCreate(t.id, { name, kind: 'skill' });
      return { tenantId: t.id, projectId: p.id };
    };
    const pending = (projectId: string, provider = 'patterns'): ScanInput => ({
      projectId,
      provider,
      kind: 'sast',
      status: 'pending',
      origin: 'publish',
    });

    it('admits one published SAST scan in flight per project and provider', async () => {
      const { tenantId, projectId } = await projectOf('active', 'skill');
      const first = await store.scans.create(tenantId, pending(projectId));
      expect(await codeOf(store.scans.create(tenantId, pending(projectId)))).toBe('conflict');
      expect(await codeOf(store.scans.create(tenantId, { ...pending(projectId), status: 'running' }))).toBe(
        'conflict',
      );
      expect(await codeOf(store.scans.upsertForProvider(tenantId, pending(projectId)))).toBe('conflict');
      // Another provider, another project, a finished scan: not affected.
      await store.scans.create(tenantId, pending(projectId, 'semgrep'));
      const other = await projectOf('active', 'other-skill');
      await store.scans.create(tenantId, pending(other.projectId));
      // Scans that were not published (an upload of a semgrep or an SCA report) never count.
      for (let i = 0; i < 2; i++)
        await store.scans.create(tenantId, { ...pending(projectId), origin: undefined, kind: 'sca' });
      for (let i = 0; i < 2; i++)
        await store.scans.create(tenantId, { ...pending(projectId), origin: undefined, status: 'running' });
      await store.scans.create(tenantId, { ...pending(projectId), status: 'completed' });

      // Once the first is done, a new one may start; the done one cannot become active again.
      await store.scans.update(tenantId, first.id, { status: 'completed' });
      const second = await store.scans.create(tenantId, pending(projectId));
      expect(await codeOf(store.scans.update(tenantId, first.id, { status: 'running' }))).toBe('conflict');
      expect((await store.scans.get(tenantId, first.id))?.status).toBe('completed');
      // A timed-out scan no longer blocks.
      await store.scans.update(tenantId, second.id, { status: 'timed_out' });
      await store.scans.create(tenantId, pending(projectId));
      const active = await store.scans.list(tenantId, {
        projectId,
        provider: 'patterns',
        kind: 'sast',
        status: ['pending', 'running'],
      });
      expect(active.items.filter((s) => s.origin === 'publish')).toHaveLength(1);
    });

    it('lets exactly one of racing creates from two stores win', async () => {
      const { tenantId, projectId } = await projectOf('active-race', 'skill');
      const replica = await db.another();
      const answers = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) =>
          (i % 2 ? replica : store).scans.create(tenantId, pending(projectId)),
        ),
      );
      expect(answers.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
      const refused = answers.filter((a): a is PromiseRejectedResult => a.status === 'rejected');
      expect(refused.map((a) => (isStorageError(a.reason) ? a.reason.code : String(a.reason)))).toEqual(
        Array(9).fill('conflict'),
      );
    });

    it('leaves a transaction usable after a refused create', async () => {
      const { tenantId, projectId } = await projectOf('active-tx', 'skill');
      await store.scans.create(tenantId, pending(projectId));
      const created = await store.transaction(async (tx) => {
        expect(await codeOf(tx.scans.create(tenantId, pending(projectId)))).toBe('conflict');
        return tx.scans.create(tenantId, pending(projectId, 'semgrep'));
      });
      expect((await store.scans.get(tenantId, created.id))?.provider).toBe('semgrep');
    });

    it('locates a scan of any tenant by id, in the shape `get` gives', async () => {
      const { tenantId, projectId } = await projectOf('locate', 'located-skill');
      const scan = await store.scans.create(tenantId, pending(projectId));
      const located = await store.scans.locate(scan.id);
      expect(located).toEqual(await store.scans.get(tenantId, scan.id));
      expect(located).toMatchObject({ tenantId, projectId, project: 'located-skill', kind: 'sast' });
      expect(await store.scans.locate('no-such-scan')).toBeUndefined();
    });

    it('updates an active blocklist entry of its tenant only', async () => {
      const { tenantId, projectId } = await projectOf('bl-update', 'skill');
      const base = { tenantId, projectId, severity: 'critical' as const, discoveredBy: 'external-scan' };
      const entry = await store.blocklist.upsert({ ...base, threatType: 'external-sast', reason: 'r1' });
      const updated = await store.blocklist.update(tenantId, entry.id, {
        reason: 'patterns found 3 critical findings',
        evidence: { scanId: 's-2', commitSha: 'a'.repeat(40) },
      });
      expect(updated).toMatchObject({
        id: entry.id,
        reason: 'patterns found 3 critical findings',
        evidence: { scanId: 's-2', commitSha: 'a'.repeat(40) },
        severity: 'critical',
        active: true,
      });
      const onlyReason = await store.blocklist.update(tenantId, entry.id, { reason: 'r3' });
      expect(onlyReason?.evidence).toEqual({ scanId: 's-2', commitSha: 'a'.repeat(40) });

      const other = await projectOf('bl-update-other', 'skill');
      expect(await store.blocklist.update(other.tenantId, entry.id, { reason: 'hijacked' })).toBeUndefined();
      expect(await store.blocklist.deactivateProject(other.tenantId, projectId)).toBe(0);
      expect((await store.blocklist.listActive(tenantId, projectId)).map((e) => e.reason)).toEqual(['r3']);
      await expect(store.blocklist.update(tenantId, entry.id, { reason: ' ' })).rejects.toBeInstanceOf(
        TypeError,
      );

      await store.blocklist.deactivate(tenantId, entry.id);
      expect(await store.blocklist.update(tenantId, entry.id, { reason: 'inactive' })).toBeUndefined();
    });

    it('deactivates a project’s entries, of one threat type or all', async () => {
      const { tenantId, projectId } = await projectOf('bl-project', 'skill');
      const { projectId: neighbour } = await projectOf('bl-project', 'neighbour');
      const entry = (threatType: string, project = projectId) =>
        store.blocklist.upsert({
          tenantId,
          projectId: project,
          threatType,
          severity: 'critical',
          reason: threatType,
          discoveredBy: 'external-scan',
        });
      await entry('external-sast');
      await entry('malware');
      await entry('typosquat');
      await entry('external-sast', neighbour);
      expect(await store.blocklist.deactivateProject(tenantId, projectId, 'external-sast')).toBe(1);
      expect((await store.blocklist.listActive(tenantId, projectId)).map((e) => e.threatType).sort()).toEqual(
        ['malware', 'typosquat'],
      );
      expect(await store.blocklist.deactivateProject(tenantId, projectId, 'external-sast')).toBe(0);
      expect(await store.blocklist.deactivateProject(tenantId, projectId)).toBe(2);
      expect(await store.blocklist.isBlocked(tenantId, projectId)).toBe(false);
      expect(await store.blocklist.isBlocked(tenantId, neighbour)).toBe(true);
    });

    it('serves summaries until they expire, on an injected clock', async () => {
      const { tenantId, projectId } = await projectOf('summaries-clock', 'skill');
      const t0 = new Date('2026-03-01T10:00:00.000Z');
      const at = (ms: number) => new Date(t0.getTime() + ms);
      const key = { tenantId, projectId, provider: 'patterns' };
      const put = await store.summaries.put(key, { verdict: 'fail' }, 60_000, t0);
      expect(put).toMatchObject({ updatedAt: t0.toISOString(), expiresAt: at(60_000).toISOString() });
      await store.summaries.put({ tenantId, projectId }, { verdict: 'fail' }, undefined, t0);
      await store.summaries.put({ ...key, provider: 'semgrep' }, { verdict: 'pass' }, 120_000, t0);

      expect((await store.summaries.get(key, at(59_999)))?.value).toEqual({ verdict: 'fail' });
      expect(await store.summaries.get(key, at(60_000))).toBeUndefined();
      expect(
        (await store.summaries.listForProject(tenantId, projectId, at(60_000))).map((s) => s.provider),
      ).toEqual(['semgrep']);
      expect(
        (await store.summaries.listForProject(tenantId, projectId, at(1000))).map((s) => s.provider),
      ).toEqual(['patterns', 'semgrep']);
      // The per-project summary took the default 365 days.
      const year = 365 * 24 * 60 * 60 * 1000;
      expect(await store.summaries.get({ tenantId, projectId }, at(year - 1))).toBeDefined();
      expect(await store.summaries.get({ tenantId, projectId }, at(year))).toBeUndefined();
      // Written in 2026, these are long expired on the real clock.
      expect(await store.summaries.get({ ...key, provider: 'semgrep' })).toBeUndefined();
      await expect(store.summaries.get(key, new Date('nope'))).rejects.toBeInstanceOf(TypeError);
      expect(await store.summaries.purgeExpired(at(120_000))).toBe(2);
      expect(await store.summaries.get({ tenantId, projectId }, at(1000))).toBeDefined();
    });
  });
}
