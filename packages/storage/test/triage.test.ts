import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../src/index.js';
import { backends } from './backends.js';
import { seedFindings } from './seed-findings.js';

const AT = '2026-03-01T10:00:00.000Z';

for (const backend of backends) {
  describe.runIf(backend.enabled)(`finding triage on ${backend.name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    let tenant: string;
    let other: string;
    let project: string;
    beforeAll(async () => {
      ({ store, cleanup } = await backend.open());
      tenant = (await store.tenants.getOrCreate('triage')).id;
      other = (await store.tenants.getOrCreate('triage-other')).id;
      project = (await store.projects.getOrCreate(tenant, { name: 'shop' })).id;
    });
    afterAll(() => cleanup?.());

    it('triages one finding, keeps who, why and when, and writes its history in order', async () => {
      const [id] = await seedFindings(store, tenant, project, [{ name: 'sqli', severity: 'high' }]);
      const fp = await store.findings.triage(tenant, id!, {
        status: 'false-positive',
        reason: 'test fixture only',
        actor: 'key:sr_abcdefghi',
        at: AT,
      });
      expect(fp).toMatchObject({
        id,
        status: 'false-positive',
        triageReason: 'test fixture only',
        triagedBy: 'key:sr_abcdefghi',
        triagedAt: AT,
      });
      expect(fp?.acceptedUntil).toBeUndefined();
      const ar = await store.findings.triage(tenant, id!, {
        status: 'accepted-risk',
        reason: 'fixed upstream in Q3',
        actor: 'key:sr_abcdefghi',
        at: '2026-03-02T10:00:00.000Z',
        // another offset: stored as UTC
        acceptedUntil: '2027-06-30T02:00:00+02:00',
      });
      expect(ar).toMatchObject({ status: 'accepted-risk', acceptedUntil: '2027-06-30T00:00:00.000Z' });
      const open = await store.findings.triage(tenant, id!, {
        status: 'open',
        actor: 'key:sr_zzzzzzzzz',
        at: '2026-03-03T10:00:00.000Z',
      });
      expect(open?.status).toBe('open');
      expect(open?.triageReason).toBeUndefined();
      expect(open?.triagedBy).toBeUndefined();
      expect(open?.acceptedUntil).toBeUndefined();

      const history = await store.findings.history(tenant, id!);
      expect(history.map((h) => [h.from, h.to, h.actor, h.at, h.reason, h.acceptedUntil])).toEqual([
        ['open', 'false-positive', 'key:sr_abcdefghi', AT, 'test fixture only', undefined],
        [
          'false-positive',
          'accepted-risk',
          'key:sr_abcdefghi',
          '2026-03-02T10:00:00.000Z',
          'fixed upstream in Q3',
          '2027-06-30T00:00:00.000Z',
        ],
        ['accepted-risk', 'open', 'key:sr_zzzzzzzzz', '2026-03-03T10:00:00.000Z', undefined, undefined],
      ]);
      expect(history.every((h) => h.findingId === id)).toBe(true);
    });

    it('never triages or shows the history of another tenant’s finding', async () => {
      const [id] = await seedFindings(store, tenant, project, [{ name: 'xss', severity: 'medium' }]);
      const change = { status: 'false-positive', reason: 'no', actor: 'key:x', at: AT } as const;
      expect(await store.findings.triage(other, id!, change)).toBeUndefined();
      expect(await store.findings.triage(tenant, 'no-such-id', change)).toBeUndefined();
      expect((await store.findings.get(tenant, id!))?.status).toBe('open');
      await store.findings.triage(tenant, id!, change);
      expect(await store.findings.history(other, id!)).toEqual([]);
      expect(await store.findings.history(tenant, id!)).toHaveLength(1);
      await expect(
        store.findings.triage(tenant, id!, { ...change, status: 'fixed' as 'open' }),
      ).rejects.toThrow(TypeError);
      await expect(store.findings.triage(tenant, id!, { ...change, at: 'yesterday' })).rejects.toThrow(
        TypeError,
      );
    });

    it('triages by filter only what differs, skips fixed and duplicate, and refuses more than max', async () => {
      const p = (await store.projects.getOrCreate(tenant, { name: 'bulk' })).id;
      const ids = await seedFindings(store, tenant, p, [
        { name: 'a', severity: 'low', location: { kind: 'package', name: 'lodash', version: '4.17.0' } },
        { name: 'b', severity: 'low', location: { kind: 'package', name: 'left-pad' } },
        { name: 'c', severity: 'low', location: { kind: 'source', file: 'src/app.ts', startLine: 3 } },
        { name: 'd', severity: 'high', location: { kind: 'package', name: 'express' } },
        { name: 'e', severity: 'low', tool: 'Trivy', location: { kind: 'package', name: 'ms' } },
        { name: 'f', severity: 'low', location: { kind: 'package', name: 'qs' } },
      ]);
      const [a, b, , , e, f] = ids as [string, string, string, string, string, string];
      const fp = { status: 'false-positive', reason: 'dev dependency', actor: 'key:bulk', at: AT } as const;
      await store.findings.triage(tenant, b, fp);
      // e is fixed by an import of Trivy that no longer reports it
      const fixed = await store.transaction((tx) =>
        tx.findings.closeMissing({
          tenantId: tenant,
          projectId: p,
          scanId: 'later',
          at: AT,
          tools: ['trivy'],
        }),
      );
      expect(fixed.low).toBe(1);
      const query = { projectId: p, severity: 'low', kind: 'package' } as const;
      await expect(store.findings.triageWhere(tenant, query, fp, 1)).rejects.toMatchObject({
        code: 'invalid_input',
        parameter: 'max',
      });
      expect((await store.findings.get(tenant, a))?.status).toBe('open');
      expect(await store.findings.history(tenant, a)).toEqual([]);
      const done = await store.findings.triageWhere(tenant, query, fp, 2);
      expect(done).toEqual({ changed: 2, ids: [a, f].sort() });
      const statuses = await Promise.all(
        ids.map(async (id) => (await store.findings.get(tenant, id))?.status),
      );
      expect(statuses).toEqual([
        'false-positive',
        'false-positive',
        'open',
        'open',
        'fixed',
        'false-positive',
      ]);
      expect((await store.findings.history(tenant, a)).map((h) => [h.from, h.to, h.reason])).toEqual([
        ['open', 'false-positive', 'dev dependency'],
      ]);
      // b was a false positive already, e is fixed: no new history rows
      expect(await store.findings.history(tenant, b)).toHaveLength(1);
      expect(await store.findings.history(tenant, e)).toEqual([]);
      // text search narrows a bulk change too; another tenant's filter matches nothing of this one
      const back = await store.findings.triageWhere(
        tenant,
        { projectId: p, q: 'LODASH' },
        { ...fp, status: 'open' },
        5,
      );
      expect(back).toEqual({ changed: 1, ids: [a] });
      expect(await store.findings.triageWhere(other, { projectId: p }, fp, 10)).toEqual({
        changed: 0,
        ids: [],
      });
    });

    it('reopens expired acceptances only, with a history row by scanrelay, and lists triaged fingerprints', async () => {
      const p = (await store.projects.getOrCreate(tenant, { name: 'expiry' })).id;
      const [gone, kept, forever, falsePositive, open] = (await seedFindings(store, tenant, p, [
        { name: 'expired', severity: 'high' },
        { name: 'still-accepted', severity: 'high' },
        { name: 'no-expiry', severity: 'medium' },
        { name: 'fp', severity: 'low' },
        { name: 'open', severity: 'low' },
      ])) as [string, string, string, string, string];
      const ar = { status: 'accepted-risk', reason: 'vendor fix pending', actor: 'key:ar', at: AT } as const;
      await store.findings.triage(tenant, gone, { ...ar, acceptedUntil: '2026-04-01T00:00:00.000Z' });
      await store.findings.triage(tenant, kept, { ...ar, acceptedUntil: '2026-05-01T00:00:00.000Z' });
      await store.findings.triage(tenant, forever, ar);
      await store.findings.triage(tenant, falsePositive, { ...ar, status: 'false-positive' });

      const before = await store.findings.triagedFingerprints(tenant, p, '2026-04-15T00:00:00.000Z');
      const fpOf = async (id: string) => (await store.findings.get(tenant, id))!.fingerprint;
      expect(new Map([...before].sort())).toEqual(
        new Map(
          [
            [await fpOf(kept), 'accepted-risk'],
            [await fpOf(forever), 'accepted-risk'],
            [await fpOf(falsePositive), 'false-positive'],
          ].sort() as [string, string][],
        ),
      );

      expect(await store.findings.reopenExpired(tenant, '2026-03-31T23:59:59.000Z', p)).toBe(0);
      expect(await store.findings.reopenExpired(other, '2026-04-15T00:00:00.000Z')).toBe(0);
      expect(await store.findings.reopenExpired(tenant, '2026-04-15T00:00:00.000Z', p)).toBe(1);
      expect(await store.findings.reopenExpired(tenant, '2026-04-15T00:00:00.000Z', p)).toBe(0);
      const reopened = await store.findings.get(tenant, gone);
      expect(reopened?.status).toBe('open');
      expect(reopened?.acceptedUntil).toBeUndefined();
      expect((await store.findings.history(tenant, gone)).at(-1)).toMatchObject({
        from: 'accepted-risk',
        to: 'open',
        actor: 'scanrelay',
        at: '2026-04-15T00:00:00.000Z',
        reason: 'risk acceptance expired on 2026-04-01T00:00:00.000Z',
      });
      for (const id of [kept, forever])
        expect((await store.findings.get(tenant, id))?.status).toBe('accepted-risk');
      expect((await store.findings.get(tenant, open))?.status).toBe('open');
      expect(await store.findings.triagedFingerprints(other, p, AT)).toEqual(new Map());
    });

    it('gives the mean time to fix from first seen to fixed', async () => {
      const p = (await store.projects.getOrCreate(tenant, { name: 'mttf' })).id;
      expect(await store.findings.fixTimes(tenant, p)).toEqual({ fixed: 0, meanMs: undefined });
      const day = 86_400_000;
      const two = [
        { name: 'x', severity: 'low' },
        { name: 'y', severity: 'low' },
      ] as const;
      await seedFindings(store, tenant, p, [...two], '2026-01-01T00:00:00.000Z');
      await seedFindings(store, tenant, p, [{ name: 'z', severity: 'low' }], '2026-01-02T00:00:00.000Z');
      // all three fixed on the 3rd: x and y two days after first seen, z one day: mean 5/3 days
      await store.transaction((tx) =>
        tx.findings.closeMissing({
          tenantId: tenant,
          projectId: p,
          scanId: 'later',
          at: '2026-01-03T00:00:00.000Z',
          tools: ['semgrep'],
        }),
      );
      expect(await store.findings.fixTimes(tenant, p)).toEqual({ fixed: 3, meanMs: (5 * day) / 3 });
      expect(await store.findings.fixTimes(other)).toEqual({ fixed: 0, meanMs: undefined });
    });

    it('lists the scans that saw a finding, newest first, and only its tenant\u2019s', async () => {
      const p = (await store.projects.getOrCreate(tenant, { name: 'seen-by' })).id;
      const [id] = (await seedFindings(store, tenant, p, [{ name: 'seen', severity: 'high' }])) as [string];
      const first = (await store.findings.get(tenant, id))!.firstScanId;
      const later = await store.scans.create(tenant, { projectId: p, provider: 'upload', kind: 'sast' });
      const unrelated = await store.scans.create(tenant, { projectId: p, provider: 'upload', kind: 'sast' });
      await store.transaction((tx) =>
        tx.findings.writeBatch({
          tenantId: tenant,
          projectId: p,
          scanId: later.id,
          seenAt: new Date().toISOString(),
          inserts: [],
          updates: [{ id, occurrences: 2 }],
        }),
      );
      const seen = await store.scans.list(tenant, { projectId: p, findingId: id });
      expect(seen.items.map((s) => s.id)).toEqual([later.id, first]);
      expect(seen.items.map((s) => s.id)).not.toContain(unrelated.id);
      expect((await store.scans.list(other, { findingId: id })).items).toEqual([]);
    });
  });
}
