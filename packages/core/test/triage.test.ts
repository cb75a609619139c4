import type { Store } from '@scanrelay/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CoreError,
  findingHistory,
  type IngestInput,
  ingest,
  listFindings,
  readFinding,
  triageFinding,
  triageFindings,
} from '../src/index.js';
import { backends } from './backends.js';
import { pkg, sast } from './findings.js';

const HOUR = 3_600_000;

for (const backend of backends) {
  describe.runIf(backend.enabled)(`triage on ${backend.name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    let tenant: string;
    let other: string;
    let n = 0;
    const project = () => `triage-${++n}`;
    const run = (p: string, findings: IngestInput['findings'], mode: IngestInput['mode'] = 'new') =>
      ingest(store, { tenant, project: p, scan: { provider: 'trivy', kind: 'sca' }, findings, mode });
    /** The project's findings by rule id, read through core (expired acceptances reopen). */
    const byRule = async (p: string) => {
      const proj = await store.projects.getByName(tenant, p);
      const page = await listFindings(store, tenant, { projectId: proj?.id, limit: 1000 });
      return Object.fromEntries(page.items.map((f) => [f.ruleId, f]));
    };
    const idOf = async (p: string, rule: string) => {
      const f = (await byRule(p))[rule];
      if (!f) throw new Error(`no finding ${rule} in ${p}`);
      return f.id;
    };
    const report = () => [pkg('CVE-2024-0001', 'a', '1', 'critical'), pkg('CVE-2024-0002', 'b', '1', 'low')];

    beforeAll(async () => {
      ({ store, cleanup } = await backend.open());
      tenant = (await store.tenants.getOrCreate('acme')).id;
      other = (await store.tenants.getOrCreate('initech')).id;
    });
    afterAll(() => cleanup?.());

    it('keeps a false positive through re-imports (new and merge), with one history entry', async () => {
      const p = project();
      await run(p, report());
      const id = await idOf(p, 'CVE-2024-0001');
      const triaged = await triageFinding(store, {
        tenantId: tenant,
        id,
        status: 'false-positive',
        reason: '  the vulnerable function is never called  ',
        actor: 'key:abc123',
      });
      expect(triaged).toMatchObject({
        status: 'false-positive',
        triageReason: 'the vulnerable function is never called',
        triagedBy: 'key:abc123',
      });
      expect(Date.parse(triaged.triagedAt ?? '')).toBeGreaterThan(Date.now() - HOUR);

      const again = await run(p, report(), 'new');
      expect(again).toMatchObject({
        created: 0,
        unchanged: 2,
        fixed: 0,
        triaged: 1,
        verdict: 'pass',
        score: 99,
      });
      expect(again.counts).toEqual({ critical: 0, high: 0, medium: 0, low: 1, info: 0 });
      const merged = await run(p, report(), 'merge');
      expect(merged).toMatchObject({ triaged: 1, verdict: 'pass' });
      expect((await byRule(p))['CVE-2024-0001']?.status).toBe('false-positive');
      expect((await store.scans.get(tenant, again.scanId))?.verdict).toBe('pass');

      // The same decision again writes nothing.
      await triageFinding(store, {
        tenantId: tenant,
        id,
        status: 'false-positive',
        reason: 'the vulnerable function is never called',
        actor: 'key:other',
      });
      const history = await findingHistory(store, tenant, id);
      expect(history).toHaveLength(1);
      expect(history[0]).toMatchObject({
        actor: 'key:abc123',
        from: 'open',
        to: 'false-positive',
        reason: 'the vulnerable function is never called',
      });
    });

    it('gives a pass to a report whose only critical is triaged', async () => {
      const p = project();
      const first = await run(p, report());
      expect(first).toMatchObject({ verdict: 'fail', triaged: 0 });
      expect(first.counts.critical).toBe(1);
      await triageFinding(store, {
        tenantId: tenant,
        id: await idOf(p, 'CVE-2024-0001'),
        status: 'accepted-risk',
        reason: 'internal tool, no network exposure',
        expiresAt: '2099-06-30',
        actor: 'key:abc123',
      });
      const second = await run(p, report());
      expect(second).toMatchObject({ verdict: 'pass', score: 99, triaged: 1, total: 2 });
      expect(second.counts).toEqual({ critical: 0, high: 0, medium: 0, low: 1, info: 0 });
      expect((await byRule(p))['CVE-2024-0001']).toMatchObject({
        status: 'accepted-risk',
        acceptedUntil: '2099-06-30T23:59:59.999Z',
      });
    });

    it('reopens an expired acceptance on the next read, with a scanrelay history entry', async () => {
      const p = project();
      await run(p, report());
      const id = await idOf(p, 'CVE-2024-0001');
      const expiry = new Date(Date.now() - HOUR).toISOString();
      // Decided two hours ago, accepted until one hour ago.
      await triageFinding(store, {
        tenantId: tenant,
        id,
        status: 'accepted-risk',
        reason: 'waiting for the vendor',
        expiresAt: expiry,
        actor: 'key:abc123',
        now: new Date(Date.now() - 2 * HOUR),
      });
      // Read as of before the expiry: still accepted.
      expect((await readFinding(store, tenant, id, new Date(Date.now() - 90 * 60_000))).status).toBe(
        'accepted-risk',
      );
      expect((await byRule(p))['CVE-2024-0001']?.status).toBe('open');
      const history = await findingHistory(store, tenant, id);
      expect(history.map((h) => [h.actor, h.from, h.to])).toEqual([
        ['key:abc123', 'open', 'accepted-risk'],
        ['scanrelay', 'accepted-risk', 'open'],
      ]);
      expect(history[1]?.reason).toContain('expired');
    });

    it('reopens an expired acceptance on the next import, which counts it again', async () => {
      const p = project();
      await run(p, report());
      const id = await idOf(p, 'CVE-2024-0001');
      await triageFinding(store, {
        tenantId: tenant,
        id,
        status: 'accepted-risk',
        reason: 'waiting for the vendor',
        expiresAt: new Date(Date.now() - HOUR).toISOString(),
        actor: 'key:abc123',
        now: new Date(Date.now() - 2 * HOUR),
      });
      const r = await run(p, report(), 'merge');
      expect(r).toMatchObject({ triaged: 0, verdict: 'fail' });
      expect(r.counts.critical).toBe(1);
      const history = await store.findings.history(tenant, id);
      expect(history.at(-1)).toMatchObject({ actor: 'scanrelay', from: 'accepted-risk', to: 'open' });
    });

    it('triages by filter within one project, and counts what changed', async () => {
      const p = project();
      await run(p, [
        pkg('CVE-2024-0010', 'a', '1', 'high'),
        pkg('CVE-2024-0011', 'b', '1', 'high'),
        pkg('CVE-2024-0012', 'c', '1', 'low'),
        sast('no-eval', 'src/app.js', { severity: 'high' }),
      ]);
      const untouched = project();
      await run(untouched, [pkg('CVE-2024-0010', 'a', '1', 'high')]);
      const r = await triageFindings(store, {
        tenantId: tenant,
        project: p,
        filter: { severity: 'high', tool: 'trivy' },
        status: 'false-positive',
        reason: 'test fixtures only',
        actor: 'key:abc123',
      });
      expect(r.changed).toBe(2);
      const rows = await byRule(p);
      expect(r.ids.sort()).toEqual([rows['CVE-2024-0010']?.id, rows['CVE-2024-0011']?.id].sort());
      expect(rows['CVE-2024-0012']?.status).toBe('open');
      expect(rows['no-eval']?.status).toBe('open');
      expect((await byRule(untouched))['CVE-2024-0010']?.status).toBe('open');
      // Again: nothing left to change.
      const again = await triageFindings(store, {
        tenantId: tenant,
        project: p,
        filter: { severity: 'high', tool: 'trivy' },
        status: 'false-positive',
        reason: 'test fixtures only',
        actor: 'key:abc123',
      });
      expect(again.changed).toBe(0);
      // More matches than max: refused, nothing changed.
      const refused = triageFindings(store, {
        tenantId: tenant,
        project: p,
        filter: {},
        status: 'accepted-risk',
        reason: 'all of it',
        actor: 'key:abc123',
        max: 2,
      });
      await expect(refused).rejects.toMatchObject({ code: 'invalid_input' });
      expect((await byRule(p))['CVE-2024-0012']?.status).toBe('open');
      await expect(
        triageFindings(store, {
          tenantId: other,
          project: p,
          filter: {},
          status: 'false-positive',
          reason: 'x',
          actor: 'key:x',
        }),
      ).rejects.toMatchObject({ code: 'not_found' });
    });

    it('refuses bad requests with a CoreError that says why', async () => {
      const p = project();
      await run(p, report());
      const id = await idOf(p, 'CVE-2024-0002');
      const base = { tenantId: tenant, id, actor: 'key:abc123' } as const;
      const refused = async (input: Parameters<typeof triageFinding>[1], message: RegExp) => {
        const err = await triageFinding(store, input).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(CoreError);
        expect(err).toMatchObject({ code: 'invalid_input' });
        expect((err as CoreError).detail).toMatch(message);
      };
      await refused(
        { ...base, status: 'false-positive' },
        /reason is required to mark a finding false-positive/,
      );
      await refused({ ...base, status: 'accepted-risk', reason: '   ' }, /reason is required/);
      await refused(
        { ...base, status: 'false-positive', reason: 'x'.repeat(2001) },
        /at most 2000 characters, got 2001/,
      );
      await refused(
        { ...base, status: 'false-positive', reason: 'no', expiresAt: '2099-01-01' },
        /expiresAt applies only to accepted-risk/,
      );
      await refused(
        { ...base, status: 'accepted-risk', reason: 'ok', expiresAt: '2020-01-01' },
        /expiresAt must be in the future/,
      );
      await refused(
        { ...base, status: 'accepted-risk', reason: 'ok', expiresAt: 'next tuesday' },
        /expiresAt must be a date/,
      );
      await refused({ ...base, status: 'fixed' as never, reason: 'ok' }, /status must be one of/);
      expect((await findingHistory(store, tenant, id)).length).toBe(0);

      // A fixed finding's status is the imports'.
      await run(p, [pkg('CVE-2024-0001', 'a', '1', 'critical')]);
      await refused({ ...base, status: 'false-positive', reason: 'gone anyway' }, /is fixed/);
    });

    it("answers not_found for an unknown finding or another tenant's", async () => {
      const p = project();
      await run(p, report());
      const id = await idOf(p, 'CVE-2024-0001');
      const input = { id, status: 'false-positive', reason: 'x', actor: 'key:x' } as const;
      await expect(triageFinding(store, { ...input, tenantId: other })).rejects.toMatchObject({
        code: 'not_found',
      });
      await expect(
        triageFinding(store, { ...input, tenantId: tenant, id: '0190c7a0-0000-7000-8000-000000000000' }),
      ).rejects.toMatchObject({ code: 'not_found' });
      await expect(readFinding(store, other, id)).rejects.toMatchObject({ code: 'not_found' });
      await expect(findingHistory(store, other, id)).rejects.toMatchObject({ code: 'not_found' });
      expect((await byRule(p))['CVE-2024-0001']?.status).toBe('open');
    });

    it('sets a finding back to open, which counts again', async () => {
      const p = project();
      await run(p, report());
      const id = await idOf(p, 'CVE-2024-0001');
      await triageFinding(store, {
        tenantId: tenant,
        id,
        status: 'false-positive',
        reason: 'x',
        actor: 'key:a',
      });
      const reopened = await triageFinding(store, { tenantId: tenant, id, status: 'open', actor: 'key:b' });
      expect(reopened.status).toBe('open');
      expect(reopened.triageReason ?? undefined).toBeUndefined();
      expect((await findingHistory(store, tenant, id)).map((h) => h.to)).toEqual(['false-positive', 'open']);
      expect(await run(p, report())).toMatchObject({ triaged: 0, verdict: 'fail' });
    });
  });
}
