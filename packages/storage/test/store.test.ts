import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStorageDeliveryStore, StorageError, type Store } from '../src/index.js';
import { backends } from './backends.js';

for (const backend of backends) {
  describe.runIf(backend.enabled)(`store on ${backend.name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    beforeAll(async () => {
      ({ store, cleanup } = await backend.open());
    });
    afterAll(() => cleanup?.());

    it('answers ping and reports its dialect', async () => {
      expect(await store.ping()).toBe(true);
      expect(store.dialect).toBe(backend.name);
    });

    it('creates a tenant once per name', async () => {
      const a = await store.tenants.getOrCreate('acme');
      const b = await store.tenants.getOrCreate('acme');
      expect(b.id).toBe(a.id);
      expect((await store.tenants.list()).map((t) => t.name)).toContain('acme');
      await expect(store.tenants.create({ name: 'acme' })).rejects.toThrow();
    });

    it('stores API keys hashed and authenticates them with their scopes', async () => {
      const t = await store.tenants.getOrCreate('keys');
      const { key, apiKey } = await store.apiKeys.create(t.id, { name: 'ci', scopes: ['upload', 'read'] });
      expect(key).toMatch(/^sr_[A-Za-z0-9_-]{43}$/);
      expect(apiKey.prefix).toBe(key.slice(0, 12));
      expect(JSON.stringify(await store.apiKeys.list(t.id))).not.toContain(key);
      const auth = await store.apiKeys.authenticate(key);
      expect(auth?.tenant.name).toBe('keys');
      expect(auth?.scopes).toEqual(['upload', 'read']);
      expect(auth?.apiKey.lastUsedAt).toBeDefined();
      // one character off, malformed, empty: unknown
      const other = key.slice(0, -1) + (key.endsWith('A') ? 'B' : 'A');
      expect(await store.apiKeys.authenticate(other)).toBeUndefined();
      expect(await store.apiKeys.authenticate('sr_short')).toBeUndefined();
      expect(await store.apiKeys.authenticate('')).toBeUndefined();
      expect(await store.apiKeys.revoke(t.id, apiKey.id)).toBe(true);
      expect(await store.apiKeys.authenticate(key)).toBeUndefined();
      await expect(store.apiKeys.create(t.id, { name: 'x', scopes: ['root' as 'admin'] })).rejects.toThrow(
        TypeError,
      );
    });

    it('keeps one project per tenant and name, and never shows one tenant another tenant’s project', async () => {
      const a = await store.tenants.getOrCreate('tenant-a');
      const b = await store.tenants.getOrCreate('tenant-b');
      const pa = await store.projects.getOrCreate(a.id, { name: 'shop', kind: 'website' });
      expect((await store.projects.getOrCreate(a.id, { name: 'shop' })).id).toBe(pa.id);
      const pb = await store.projects.getOrCreate(b.id, { name: 'shop' });
      expect(pb.id).not.toBe(pa.id);
      expect(pa.kind).toBe('website');
      expect(await store.projects.get(b.id, pa.id)).toBeUndefined();
      expect((await store.projects.getByName(b.id, 'shop'))?.id).toBe(pb.id);
      // The repository a project is published from: changed in place, only by its tenant.
      const moved = await store.projects.setRepoUrl(a.id, pa.id, 'https://example.com/shop.git');
      expect(moved).toMatchObject({ id: pa.id, repoUrl: 'https://example.com/shop.git' });
      expect(await store.projects.setRepoUrl(b.id, pa.id, 'https://evil.example/x.git')).toBeUndefined();
      expect((await store.projects.get(a.id, pa.id))?.repoUrl).toBe('https://example.com/shop.git');
      await expect(
        store.projects.getOrCreate(a.id, { name: 'x', kind: 'planet' as 'skill' }),
      ).rejects.toThrow(TypeError);
    });

    it('pages projects by name with a cursor', async () => {
      const t = await store.tenants.getOrCreate('paging');
      for (const n of ['p1', 'p2', 'p3', 'p4', 'p5']) await store.projects.getOrCreate(t.id, { name: n });
      const first = await store.projects.list(t.id, { limit: 2 });
      expect(first.items.map((p) => p.name)).toEqual(['p1', 'p2']);
      const second = await store.projects.list(t.id, { limit: 2, cursor: first.nextCursor });
      expect(second.items.map((p) => p.name)).toEqual(['p3', 'p4']);
      const last = await store.projects.list(t.id, { limit: 2, cursor: second.nextCursor });
      expect(last.items.map((p) => p.name)).toEqual(['p5']);
      expect(last.nextCursor).toBeUndefined();
      await expect(store.projects.list(t.id, { cursor: 'garbage' })).rejects.toBeInstanceOf(StorageError);
    });

    it('creates, lists, updates and finds scans by external id', async () => {
      const t = await store.tenants.getOrCreate('scans');
      const p = await store.projects.getOrCreate(t.id, { name: 'api' });
      const s1 = await store.scans.create(t.id, {
        projectId: p.id,
        provider: 'invicti',
        kind: 'dast',
        externalId: 'inv-1',
      });
      const s2 = await store.scans.create(t.id, { projectId: p.id, provider: 'trivy', kind: 'sca' });
      const s3 = await store.scans.create(t.id, {
        projectId: p.id,
        provider: 'trivy',
        kind: 'sca',
        status: 'running',
      });
      expect(s1).toMatchObject({
        project: 'api',
        provider: 'invicti',
        status: 'pending',
        externalId: 'inv-1',
      });
      expect(s1.counts).toEqual({ critical: 0, high: 0, medium: 0, low: 0, info: 0 });
      expect((await store.scans.getByExternalId(t.id, 'invicti', 'inv-1'))?.id).toBe(s1.id);

      const page1 = await store.scans.list(t.id, { projectId: p.id, limit: 2 });
      expect(page1.items.map((s) => s.id)).toEqual([s3.id, s2.id]);
      const page2 = await store.scans.list(t.id, { projectId: p.id, limit: 2, cursor: page1.nextCursor });
      expect(page2.items.map((s) => s.id)).toEqual([s1.id]);
      expect(
        (await store.scans.list(t.id, { provider: 'trivy', status: ['running'] })).items.map((s) => s.id),
      ).toEqual([s3.id]);

      const sha = 'a'.repeat(40);
      const done = await store.scans.update(t.id, s1.id, {
        status: 'completed',
        commitSha: sha,
        counts: { critical: 1, high: 2, medium: 0, low: 0, info: 3 },
        verdict: 'fail',
        score: 55,
      });
      expect(done).toMatchObject({ status: 'completed', commitSha: sha, verdict: 'fail', score: 55 });
      expect(done?.counts).toEqual({ critical: 1, high: 2, medium: 0, low: 0, info: 3 });

      const other = await store.tenants.getOrCreate('scans-other');
      expect(await store.scans.get(other.id, s1.id)).toBeUndefined();
      expect(await store.scans.update(other.id, s1.id, { status: 'failed' })).toBeUndefined();
      await expect(
        store.scans.create(other.id, { projectId: p.id, provider: 'x', kind: 'sast' }),
      ).rejects.toBeInstanceOf(StorageError);
    });

    it('keeps one external SAST result per project and provider', async () => {
      const t = await store.tenants.getOrCreate('sast');
      const p = await store.projects.getOrCreate(t.id, { name: 'skill', kind: 'skill' });
      const a = await store.scans.upsertForProvider(t.id, {
        projectId: p.id,
        provider: 'semgrep',
        kind: 'sast',
        status: 'pending',
      });
      const b = await store.scans.upsertForProvider(t.id, {
        projectId: p.id,
        provider: 'semgrep',
        kind: 'sast',
        status: 'completed',
        commitSha: 'b'.repeat(40),
        verdict: 'pass',
        score: 100,
      });
      expect(b.id).toBe(a.id);
      expect(b).toMatchObject({ status: 'completed', commitSha: 'b'.repeat(40), verdict: 'pass' });
      const c = await store.scans.upsertForProvider(t.id, {
        projectId: p.id,
        provider: 'njsscan',
        kind: 'sast',
      });
      expect(c.id).not.toBe(a.id);
      expect((await store.scans.latestForProvider(t.id, p.id, 'semgrep'))?.status).toBe('completed');
    });

    it('records jobs and streams their log after a sequence number', async () => {
      const t = await store.tenants.getOrCreate('jobs');
      const job = await store.jobs.create({ tenantId: t.id, type: 'ingest', input: { file: 'trivy.json' } });
      expect(job).toMatchObject({
        status: 'queued',
        progress: 0,
        attempts: 0,
        input: { file: 'trivy.json' },
      });
      expect((await store.jobs.create({ id: job.id, tenantId: t.id, type: 'ingest' })).createdAt).toBe(
        job.createdAt,
      );
      const running = await store.jobs.update(job.id, {
        status: 'running',
        incrementAttempts: true,
        progress: 40,
      });
      expect(running).toMatchObject({ status: 'running', attempts: 1, progress: 40 });
      expect(running?.startedAt).toBeDefined();
      const l1 = await store.jobLogs.append(job.id, 'parsing');
      const l2 = await store.jobLogs.append(job.id, 'ingesting', 'warn');
      await store.jobLogs.append(job.id, 'done');
      expect((await store.jobLogs.list(t.id, job.id)).map((l) => l.message)).toEqual([
        'parsing',
        'ingesting',
        'done',
      ]);
      expect(
        (await store.jobLogs.list(t.id, job.id, { afterSeq: l1.seq })).map((l) => [l.level, l.message]),
      ).toEqual([
        ['warn', 'ingesting'],
        ['info', 'done'],
      ]);
      expect(l2.seq).toBeGreaterThan(l1.seq);
      const done = await store.jobs.update(job.id, {
        status: 'completed',
        progress: 100,
        result: { created: 3 },
      });
      expect(done).toMatchObject({ status: 'completed', result: { created: 3 } });
      expect(done?.finishedAt).toBeDefined();
      const other = await store.tenants.getOrCreate('jobs-other');
      expect(await store.jobs.get(other.id, job.id)).toBeUndefined();
      expect(await store.jobLogs.list(other.id, job.id)).toEqual([]);
      await expect(
        store.jobs.create({ id: job.id, tenantId: other.id, type: 'ingest' }),
      ).rejects.toBeInstanceOf(StorageError);
      expect((await store.jobs.list(t.id, { status: 'completed' })).items.map((j) => j.id)).toEqual([job.id]);
    });

    it('records a webhook delivery once, even when racing, and again after it expires', async () => {
      const answers = await Promise.all(
        Array.from({ length: 8 }, () => store.deliveries.record({ id: 'evt-1', source: 'github' })),
      );
      expect(answers.filter((a) => a.isNew)).toHaveLength(1);
      expect((await store.deliveries.record({ id: 'evt-1', source: 'invicti' })).isNew).toBe(true);
      expect(await store.deliveries.setOutcome('github', 'evt-1', 'rejected', 'bad signature')).toBe(true);
      expect(await store.deliveries.get('github', 'evt-1')).toMatchObject({
        outcome: 'rejected',
        detail: 'bad signature',
      });

      const past = new Date(Date.now() - 1000).toISOString();
      expect((await store.deliveries.record({ id: 'old', source: 'github', expiresAt: past })).isNew).toBe(
        true,
      );
      expect((await store.deliveries.record({ id: 'old', source: 'github' })).isNew).toBe(true);

      const ds = createStorageDeliveryStore(store, { source: 'scanrelay' });
      expect(await ds.seen('d-1', Date.now() + 60_000)).toBe(false);
      expect(await ds.seen('d-1', Date.now() + 60_000)).toBe(true);
      await ds.release('d-1');
      expect(await ds.seen('d-1', Date.now() + 60_000)).toBe(false);
      await store.deliveries.record({ id: 'gone', source: 'x', expiresAt: past });
      expect(await store.deliveries.purgeExpired()).toBeGreaterThanOrEqual(1);
      expect(await store.deliveries.get('x', 'gone')).toBeUndefined();
    });

    it('keeps summaries until they expire', async () => {
      const t = await store.tenants.getOrCreate('summaries');
      const p = await store.projects.getOrCreate(t.id, { name: 'repo' });
      await store.summaries.put(
        { tenantId: t.id, projectId: p.id, provider: 'semgrep' },
        { verdict: 'pass' },
      );
      await store.summaries.put({ tenantId: t.id, projectId: p.id }, { verdict: 'fail' });
      await store.summaries.put(
        { tenantId: t.id, projectId: p.id, provider: 'njsscan' },
        { verdict: 'x' },
        1,
        new Date(Date.now() - 60_000),
      );
      expect(
        (
          await store.summaries.get<{ verdict: string }>({
            tenantId: t.id,
            projectId: p.id,
            provider: 'semgrep',
          })
        )?.value,
      ).toEqual({
        verdict: 'pass',
      });
      expect((await store.summaries.get({ tenantId: t.id, projectId: p.id }))?.value).toEqual({
        verdict: 'fail',
      });
      expect(
        await store.summaries.get({ tenantId: t.id, projectId: p.id, provider: 'njsscan' }),
      ).toBeUndefined();
      expect((await store.summaries.listForProject(t.id, p.id)).map((s) => s.provider)).toEqual(['semgrep']);
      expect(await store.summaries.purgeExpired()).toBe(1);
    });

    it('escalates a blocklist entry and never lowers it', async () => {
      const t = await store.tenants.getOrCreate('blocklist');
      const p = await store.projects.getOrCreate(t.id, { name: 'evil-skill', kind: 'skill' });
      const base = { tenantId: t.id, projectId: p.id, threatType: 'sast', discoveredBy: 'semgrep' };
      const a = await store.blocklist.upsert({ ...base, reason: '2 high', severity: 'high' });
      const b = await store.blocklist.upsert({
        ...base,
        reason: '1 critical',
        severity: 'critical',
        evidence: { rule: 'x' },
      });
      const c = await store.blocklist.upsert({ ...base, reason: '1 low', severity: 'low' });
      expect(b.id).toBe(a.id);
      expect(c).toMatchObject({
        id: a.id,
        severity: 'critical',
        reason: '1 critical',
        evidence: { rule: 'x' },
        active: true,
      });
      expect(await store.blocklist.isBlocked(t.id, p.id)).toBe(true);
      expect((await store.blocklist.listActive(t.id)).map((e) => e.id)).toEqual([a.id]);
      expect(await store.blocklist.deactivate(t.id, a.id)).toBe(true);
      expect(await store.blocklist.isBlocked(t.id, p.id)).toBe(false);
      const d = await store.blocklist.upsert({ ...base, reason: 'again', severity: 'medium' });
      expect(d.id).not.toBe(a.id);
      const racing = await Promise.all(
        (['low', 'high', 'medium', 'critical'] as const).map((severity) =>
          store.blocklist.upsert({ ...base, threatType: 'malware', reason: severity, severity }),
        ),
      );
      expect(new Set(racing.map((e) => e.id)).size).toBe(1);
      expect(
        (await store.blocklist.listActive(t.id, p.id)).find((e) => e.threatType === 'malware')?.severity,
      ).toBe('critical');
    });

    it('commits a transaction whole or not at all', async () => {
      await expect(
        store.transaction(async (tx) => {
          await tx.tenants.create({ name: 'rolled-back' });
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await store.tenants.getByName('rolled-back')).toBeUndefined();
      const t = await store.transaction(async (tx) => {
        const created = await tx.tenants.create({ name: 'committed' });
        await tx.projects.getOrCreate(created.id, { name: 'inside' });
        return created;
      });
      expect((await store.projects.getByName(t.id, 'inside'))?.name).toBe('inside');
    });

    it('keeps a write made outside an open transaction out of it', async () => {
      let open!: () => void;
      const gate = new Promise<void>((resolve) => {
        open = resolve;
      });
      const tx = store.transaction(async (t) => {
        await t.tenants.create({ name: 'inside-rolled-back' });
        await gate;
        throw new Error('rollback');
      });
      const outside = store.tenants.create({ name: 'outside-kept' });
      await new Promise((r) => setTimeout(r, 20));
      open();
      await expect(tx).rejects.toThrow('rollback');
      await outside;
      expect(await store.tenants.getByName('outside-kept')).toBeDefined();
      expect(await store.tenants.getByName('inside-rolled-back')).toBeUndefined();
    });
  });
}
