import { type Store, uuidv7 } from '@scanrelay/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoreError, type IngestInput, InvalidFindingError, ingest, triageFinding } from '../src/index.js';
import { backends } from './backends.js';
import { pkg, sast, stream } from './findings.js';

for (const backend of backends) {
  describe.runIf(backend.enabled)(`ingest on ${backend.name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    let tenant: string;
    let n = 0;
    /** A fresh project per test. */
    const project = () => `project-${++n}`;
    const run = (
      p: string,
      findings: IngestInput['findings'],
      mode: IngestInput['mode'] = 'new',
      extra: Partial<IngestInput> = {},
    ) =>
      ingest(store, {
        tenant,
        project: p,
        scan: { provider: 'trivy', kind: 'sca' },
        findings,
        mode,
        ...extra,
      });
    const stored = async (p: string) => {
      const proj = await store.projects.getByName(tenant, p);
      if (!proj) return [];
      return (await store.findings.list(tenant, { projectId: proj.id, limit: 1000 })).items;
    };

    beforeAll(async () => {
      ({ store, cleanup } = await backend.open());
      tenant = (await store.tenants.getOrCreate('acme')).id;
    });
    afterAll(() => cleanup?.());

    it('creates findings, counts them per severity and scores the scan', async () => {
      const p = project();
      const r = await run(
        p,
        stream([pkg('CVE-1', 'a', '1'), pkg('CVE-2', 'b', '1', 'critical'), pkg('CVE-3', 'c', '1', 'low')]),
      );
      expect(r).toMatchObject({
        created: 3,
        updated: 0,
        unchanged: 0,
        reopened: 0,
        fixed: 0,
        total: 3,
        read: 3,
        replayed: false,
      });
      expect(r.counts).toEqual({ critical: 1, high: 0, medium: 1, low: 1, info: 0 });
      expect(r.verdict).toBe('fail');
      expect(r.score).toBe(100 - 25 - 3 - 1);
      const scan = await store.scans.get(tenant, r.scanId);
      expect(scan).toMatchObject({ status: 'completed', project: p, verdict: 'fail', score: 71 });
      expect(scan?.counts).toEqual(r.counts);
      const rows = await stored(p);
      expect(rows.map((f) => f.ruleId)).toEqual(['CVE-1', 'CVE-2', 'CVE-3']);
      expect(
        rows.every((f) => f.status === 'open' && f.firstScanId === r.scanId && f.finding.id === f.id),
      ).toBe(true);
      expect(rows[1]?.finding).toMatchObject({
        severity: 'critical',
        location: { kind: 'package', name: 'b', version: '1' },
      });
      expect(
        (await store.findings.list(tenant, { scanId: r.scanId, severity: 'critical' })).items,
      ).toHaveLength(1);
    });

    it('gives the same state when the same report is ingested twice', async () => {
      const p = project();
      const report = () => [pkg('CVE-1', 'a', '1'), pkg('CVE-2', 'b', '1'), pkg('CVE-1', 'a', '1')];
      const first = await run(p, report());
      const before = await stored(p);
      const second = await run(p, report());
      const after = await stored(p);
      expect(first).toMatchObject({ created: 2, duplicates: 1 });
      expect(second).toMatchObject({
        created: 0,
        updated: 0,
        unchanged: 2,
        reopened: 0,
        fixed: 0,
        duplicates: 1,
      });
      expect(after.map((f) => [f.id, f.status, f.occurrences, f.firstSeenAt])).toEqual(
        before.map((f) => [f.id, f.status, f.occurrences, f.firstSeenAt]),
      );
      expect(after.every((f) => f.lastScanId === second.scanId)).toBe(true);
    });

    it('writes a scan once when its ingest runs twice (a job retried after a crash)', async () => {
      const p = project();
      const scanId = uuidv7();
      const input = { scan: { id: scanId, provider: 'trivy' } };
      const a = await run(p, [pkg('CVE-1', 'a', '1'), pkg('CVE-1', 'a', '1')], 'merge', input);
      const b = await run(p, [pkg('CVE-1', 'a', '1'), pkg('CVE-1', 'a', '1')], 'merge', input);
      expect(a).toMatchObject({ created: 1, replayed: false });
      expect(b).toMatchObject({ created: 1, scanId, replayed: true });
      const rows = await stored(p);
      expect(rows).toHaveLength(1);
      expect(rows[0]?.occurrences).toBe(2);
    });

    it('ingests each new result of an upserted SAST scan (one scan per project and provider)', async () => {
      const p = project();
      const proj = await store.projects.getOrCreate(tenant, { name: p });
      const sastRun = async (findings: ReturnType<typeof sast>[]) => {
        const scan = await store.scans.upsertForProvider(tenant, {
          projectId: proj.id,
          provider: 'semgrep',
          kind: 'sast',
        });
        return run(p, findings, 'new', { scan: { id: scan.id, provider: 'semgrep' } });
      };
      const first = await sastRun([sast('r1', 'a.py'), sast('r2', 'b.py'), sast('r2', 'b.py')]);
      const second = await sastRun([sast('r1', 'a.py'), sast('r3', 'c.py')]);
      expect(second.scanId).toBe(first.scanId);
      expect(second).toMatchObject({ replayed: false, created: 1, unchanged: 1, fixed: 1, duplicates: 0 });
      const byRule = Object.fromEntries((await stored(p)).map((f) => [f.ruleId, f]));
      expect(byRule.r1).toMatchObject({ status: 'open', occurrences: 1 });
      expect(byRule.r2?.status).toBe('fixed');
      expect(
        (await store.findings.list(tenant, { scanId: first.scanId })).items.map((f) => f.ruleId),
      ).toEqual(['r1', 'r3']);
    });

    it('fills in a pending scan the API created', async () => {
      const p = project();
      const proj = await store.projects.getOrCreate(tenant, { name: p });
      const pending = await store.scans.create(tenant, {
        projectId: proj.id,
        provider: 'trivy',
        kind: 'container',
      });
      const r = await run(p, [pkg('CVE-9', 'z', '1', 'high')], 'new', {
        scan: { id: pending.id, provider: 'trivy' },
      });
      expect(r.scanId).toBe(pending.id);
      expect(await store.scans.get(tenant, pending.id)).toMatchObject({
        status: 'completed',
        kind: 'container',
        counts: { high: 1 },
      });
    });

    it('merges duplicates into one finding with occurrences, across batches too', async () => {
      const p = project();
      const entries = [
        pkg('CVE-1', 'a', '1'),
        pkg('CVE-2', 'b', '1'),
        pkg('CVE-1', 'a', '1', 'medium', 3),
        pkg('CVE-3', 'c', '1'),
        pkg('CVE-1', 'a', '1'),
      ];
      const r = await run(p, stream(entries), 'new', { batchSize: 2 });
      expect(r).toMatchObject({ read: 5, total: 3, created: 3, duplicates: 2 });
      expect(r.counts.medium).toBe(3);
      const a = (await stored(p)).find((f) => f.ruleId === 'CVE-1');
      expect(a?.occurrences).toBe(5);
      expect(a?.finding.occurrences).toBe(5);
    });

    it('new: closes the open findings of that tool the scan no longer has, and only those', async () => {
      const p = project();
      await run(p, [pkg('CVE-1', 'a', '1'), pkg('CVE-2', 'b', '1', 'high'), sast('no-eval', 'src/a.js')]);
      const r = await run(p, [pkg('CVE-1', 'a', '1'), pkg('CVE-4', 'd', '1')]);
      expect(r).toMatchObject({ created: 1, unchanged: 1, fixed: 1 });
      expect(r.fixedCounts.high).toBe(1);
      const byRule = Object.fromEntries((await stored(p)).map((f) => [f.ruleId, f]));
      expect(byRule['CVE-2']?.status).toBe('fixed');
      expect(byRule['CVE-2']?.fixedAt).toBeDefined();
      expect(byRule['no-eval']?.status).toBe('open');
      expect(byRule['CVE-1']?.status).toBe('open');
    });

    it('merge: reopens fixed findings that come back, not false positives or accepted risks', async () => {
      const p = project();
      await run(p, [pkg('CVE-1', 'a', '1'), pkg('CVE-2', 'b', '1'), pkg('CVE-3', 'c', '1')]);
      await run(p, [pkg('CVE-3', 'c', '1')]); // CVE-1, CVE-2 fixed
      const rows = await stored(p);
      const c3 = rows.find((f) => f.ruleId === 'CVE-3')!;
      await triageFinding(store, {
        tenantId: tenant,
        id: c3.id,
        status: 'false-positive',
        reason: 'not reachable',
        actor: 'key:test',
      });
      const r = await run(
        p,
        [pkg('CVE-1', 'a', '1'), pkg('CVE-3', 'c', '1'), pkg('CVE-5', 'e', '1')],
        'merge',
      );
      expect(r).toMatchObject({ created: 1, reopened: 1, unchanged: 1, updated: 0, fixed: 0 });
      const byRule = Object.fromEntries((await stored(p)).map((f) => [f.ruleId, f]));
      expect(byRule['CVE-1']).toMatchObject({ status: 'open', fixedAt: undefined });
      expect(byRule['CVE-2']?.status).toBe('fixed');
      expect(byRule['CVE-3']?.status).toBe('false-positive');
    });

    it('delta: adds and updates, never closes, never reopens', async () => {
      const p = project();
      await run(p, [sast('r1', 'a.py'), sast('r2', 'b.py')], 'new', {
        scan: { provider: 'semgrep', kind: 'sast' },
      });
      await run(p, [sast('r1', 'a.py')], 'new', { scan: { provider: 'semgrep', kind: 'sast' } }); // r2 fixed
      const r = await run(
        p,
        [sast('r2', 'b.py'), sast('r3', 'c.py'), sast('r1', 'a.py', { text: 'reworded' })],
        'delta',
        {
          scan: { provider: 'semgrep', kind: 'sast' },
        },
      );
      expect(r).toMatchObject({ created: 1, updated: 1, unchanged: 1, reopened: 0, fixed: 0 });
      const byRule = Object.fromEntries((await stored(p)).map((f) => [f.ruleId, f]));
      expect(byRule.r2?.status).toBe('fixed');
      expect(byRule.r1?.finding.description).toBe('reworded');
    });

    it('counts a changed finding as updated and keeps its identity and first-seen time', async () => {
      const p = project();
      await run(p, [sast('r1', 'a.py', { severity: 'low' })]);
      const [before] = await stored(p);
      const r = await run(p, [sast('r1', 'a.py', { severity: 'critical', text: 'now worse' })]);
      expect(r).toMatchObject({ created: 0, updated: 1, unchanged: 0 });
      const [after] = await stored(p);
      expect(after).toMatchObject({ id: before?.id, firstSeenAt: before?.firstSeenAt, severity: 'critical' });
      expect(after?.finding.description).toBe('now worse');
    });

    it('an empty new report of a scanner closes that scanner’s open findings', async () => {
      const p = project();
      await run(p, [pkg('CVE-1', 'a', '1'), pkg('CVE-2', 'b', '1')]);
      const r = await run(p, [], 'new', { scanner: 'trivy' });
      expect(r).toMatchObject({ total: 0, fixed: 2, verdict: 'pass', score: 100 });
      expect((await stored(p)).map((f) => f.status)).toEqual(['fixed', 'fixed']);
    });

    it('rejects a malformed finding before anything is written', async () => {
      const p = project();
      const bad = { ...pkg('CVE-2', 'b', '1'), severity: 'apocalyptic' };
      const entries = [pkg('CVE-1', 'a', '1'), bad, pkg('CVE-3', 'c', '1')] as never[];
      const err = await run(p, stream(entries), 'new', { batchSize: 1 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidFindingError);
      expect(err).toMatchObject({ code: 'invalid_finding', index: 1, path: 'severity' });
      expect(await store.projects.getByName(tenant, p)).toBeUndefined();
      const noFingerprint = { ...pkg('CVE-1', 'a', '1'), fingerprint: 'nope' };
      await expect(run(p, [noFingerprint as never])).rejects.toMatchObject({ path: 'fingerprint' });
      const schemaBad = { ...pkg('CVE-1', 'a', '1'), cwe: ['79'] };
      await expect(run(p, [schemaBad as never], 'new', { validation: 'schema' })).rejects.toMatchObject({
        path: 'cwe.0',
      });
      expect(await store.projects.getByName(tenant, p)).toBeUndefined();
    });

    it('writes nothing when the stream fails part-way, and a re-run then succeeds', async () => {
      const p = project();
      await run(p, [pkg('CVE-1', 'a', '1')]);
      const [before] = await stored(p);
      const entries = [pkg('CVE-1', 'a', '1', 'high'), pkg('CVE-2', 'b', '1'), pkg('CVE-3', 'c', '1')];
      await expect(run(p, stream(entries, 2), 'new', { batchSize: 1 })).rejects.toThrow(
        'the upload broke at entry 2',
      );
      const rows = await stored(p);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        severity: before?.severity,
        lastScanId: before?.lastScanId,
        status: 'open',
      });
      const scans = await store.scans.list(tenant, { projectId: rows[0]?.projectId });
      expect(scans.items).toHaveLength(1);
      const r = await run(p, stream(entries), 'new', { batchSize: 1 });
      expect(r).toMatchObject({ created: 2, updated: 1 });
    });

    it('keeps tenants apart: the same project name and report in two tenants are two sets', async () => {
      const p = project();
      const other = (await store.tenants.getOrCreate('globex')).id;
      await run(p, [pkg('CVE-1', 'a', '1')]);
      const r = await ingest(store, {
        tenant: other,
        project: p,
        scan: { provider: 'trivy' },
        findings: [pkg('CVE-1', 'a', '1')],
        mode: 'new',
      });
      expect(r.created).toBe(1);
      expect((await stored(p)).map((f) => f.status)).toEqual(['open']);
      const counts = await store.findings.counts(other, { projectId: r.projectId });
      expect(counts.total).toBe(1);
      expect((await store.findings.counts(tenant, { projectId: r.projectId })).total).toBe(0);
    });

    it('runs two ingests of one project one after the other: no duplicate, no lost finding', async () => {
      const p = project();
      const a = Array.from({ length: 30 }, (_, i) => pkg(`CVE-${i}`, `p${i}`, '1'));
      const b = Array.from({ length: 30 }, (_, i) => pkg(`CVE-${i + 15}`, `p${i + 15}`, '1'));
      const [ra, rb] = await Promise.all([
        run(p, stream(a), 'merge', { batchSize: 7 }),
        run(p, stream(b), 'merge', { batchSize: 7 }),
      ]);
      expect(ra.created + rb.created).toBe(45);
      expect(ra.unchanged + rb.unchanged).toBe(15);
      const rows = await stored(p);
      expect(rows).toHaveLength(45);
      expect(new Set(rows.map((f) => f.fingerprint)).size).toBe(45);
    });

    it('lists stored findings by page and filter, and triages them', async () => {
      const p = project();
      const r = await run(p, [
        pkg('CVE-1', 'a', '1', 'high'),
        pkg('CVE-2', 'b', '1', 'low'),
        sast('r1', 'x.py', { severity: 'medium' }),
        pkg('CVE-3', 'c', '1', 'high'),
      ]);
      const page1 = await store.findings.list(tenant, { projectId: r.projectId, limit: 3 });
      const page2 = await store.findings.list(tenant, {
        projectId: r.projectId,
        limit: 3,
        cursor: page1.nextCursor,
      });
      expect([...page1.items, ...page2.items].map((f) => f.ruleId)).toEqual([
        'CVE-1',
        'CVE-2',
        'r1',
        'CVE-3',
      ]);
      expect(page2.nextCursor).toBeUndefined();
      expect(
        (await store.findings.list(tenant, { projectId: r.projectId, tool: 'Semgrep' })).items.map(
          (f) => f.ruleId,
        ),
      ).toEqual(['r1']);
      const highs = await store.findings.list(tenant, { projectId: r.projectId, severity: 'high' });
      expect(highs.items.map((f) => f.ruleId)).toEqual(['CVE-1', 'CVE-3']);
      const triaged = await triageFinding(store, {
        tenantId: tenant,
        id: highs.items[0]!.id,
        status: 'accepted-risk',
        reason: 'mitigated upstream',
        actor: 'key:test',
      });
      expect(triaged?.status).toBe('accepted-risk');
      const counts = await store.findings.counts(tenant, { scanId: r.scanId });
      expect(counts.total).toBe(4);
      expect(counts['accepted-risk'].high).toBe(1);
      expect(counts.open).toEqual({ critical: 0, high: 1, medium: 1, low: 1, info: 0 });
      expect(
        await store.findings.get((await store.tenants.getOrCreate('initech')).id, highs.items[0]!.id),
      ).toBeUndefined();
    });

    it('refuses bad input with a CoreError', async () => {
      await expect(run(project(), [], 'replace' as never)).rejects.toBeInstanceOf(CoreError);
      await expect(
        ingest(store, {
          tenant: 'no-such-tenant',
          project: 'x',
          scan: { provider: 'trivy' },
          findings: [],
          mode: 'new',
        }),
      ).rejects.toMatchObject({ code: 'not_found' });
    });
  });
}
