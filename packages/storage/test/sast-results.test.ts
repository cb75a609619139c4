import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SastResultRecord, StorageError, type Store } from '../src/index.js';
import { backends, type OpenBackend } from './backends.js';

/** A result of `scanId`, dispatched at `scanCreatedAt`. */
function result(
  base: { tenantId: string; projectId: string },
  provider: string,
  scanId: string,
  scanCreatedAt: string,
  extra: Partial<SastResultRecord> = {},
): SastResultRecord {
  return {
    ...base,
    provider,
    scanId,
    scanCreatedAt,
    repoUrl: 'https://git.example.test/acme/skill.git',
    commitSha: 'c'.repeat(40),
    status: 'completed',
    verdict: 'fail',
    counts: { critical: 1, high: 2, medium: 0, low: 0, info: 3 },
    score: 40,
    tool: { name: 'patterns', version: '1.0.0' },
    findings: [{ ruleId: 'eval-injection', severity: 'critical', location: { path: 'a.js', line: 3 } }],
    deliveryId: `delivery-${scanId}`,
    bodyDigest: 'd'.repeat(64),
    startedAt: '2026-03-01T10:00:00.000Z',
    finishedAt: '2026-03-01T10:01:00.000Z',
    receivedAt: '2026-03-01T10:01:02.000Z',
    ...extra,
  };
}

for (const backend of backends) {
  describe.runIf(backend.enabled)(`external SAST storage on ${backend.name}`, () => {
    let db: OpenBackend;
    let store: Store;
    beforeAll(async () => {
      db = await backend.open();
      store = db.store;
    });
    afterAll(() => db?.cleanup());

    const projectOf = async (tenant: string, name = 'skill') => {
      const t = await store.tenants.getOrCreate(tenant);
      const p = await store.projects.getOrCreate(t.id, { name, kind: 'skill' });
      return { tenantId: t.id, projectId: p.id };
    };

    it('keeps the result of the newest dispatch: an older one never replaces it, the same scan does', async () => {
      const key = await projectOf('results');
      const first = result(key, 'patterns', 'scan-1', '2026-03-01T10:00:00.000Z', {
        attestation: { payloadType: 'application/vnd.in-toto+json', payload: 'e30=', signatures: [] },
        attestationKeyId: 'key-1',
      });
      expect(await store.sastResults.upsert(first)).toEqual({ current: true, record: first });
      expect(await store.sastResults.get(key.tenantId, key.projectId, 'patterns')).toEqual(first);

      const newer = result(key, 'patterns', 'scan-2', '2026-03-01T11:00:00.000Z', {
        status: 'failed',
        error: 'checkout failed',
        verdict: 'pass',
        counts: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
        findings: [],
      });
      delete newer.commitSha;
      expect((await store.sastResults.upsert(newer)).current).toBe(true);
      const stored = await store.sastResults.get(key.tenantId, key.projectId, 'patterns');
      expect(stored).toEqual(newer);
      expect(stored).not.toHaveProperty('commitSha');
      expect(stored).not.toHaveProperty('attestation');

      // The late result of the older dispatch: nothing changes, the stored one comes back.
      const late = await store.sastResults.upsert({ ...first, deliveryId: 'late' });
      expect(late).toEqual({ current: false, record: newer });
      expect(await store.sastResults.get(key.tenantId, key.projectId, 'patterns')).toEqual(newer);

      // The same scan again (a redelivery with a new body): it replaces.
      const again = { ...newer, deliveryId: 'redelivered', error: 'checkout failed twice' };
      expect((await store.sastResults.upsert(again)).current).toBe(true);
      expect((await store.sastResults.get(key.tenantId, key.projectId, 'patterns'))?.deliveryId).toBe(
        'redelivered',
      );
    });

    it('compares dispatch times as times, whatever ISO form they came in', async () => {
      const key = await projectOf('results-times');
      // As text, "…00Z" sorts after "…00.500Z" although it is half a second earlier.
      const newer = result(key, 'patterns', 'scan-b', '2026-03-01T10:00:00.500Z');
      expect((await store.sastResults.upsert(newer)).current).toBe(true);
      const older = result(key, 'patterns', 'scan-a', '2026-03-01T10:00:00Z');
      expect((await store.sastResults.upsert(older)).current).toBe(false);
      const kept = await store.sastResults.get(key.tenantId, key.projectId, 'patterns');
      expect(kept?.scanId).toBe('scan-b');
      await expect(
        store.sastResults.upsert(result(key, 'patterns', 'scan-c', 'yesterday')),
      ).rejects.toBeInstanceOf(TypeError);
    });

    it('lets the newest of racing results win, also across two stores', async () => {
      const key = await projectOf('results-race');
      const replica = await db.another();
      const minutes = [7, 2, 9, 4, 1, 8, 3, 6, 5, 0];
      await Promise.all(
        minutes.map((m, i) =>
          (i % 2 ? replica : store).sastResults.upsert(
            result(key, 'semgrep', `scan-${m}`, `2026-03-01T10:0${m}:00.000Z`),
          ),
        ),
      );
      expect((await store.sastResults.get(key.tenantId, key.projectId, 'semgrep'))?.scanId).toBe('scan-9');
    });

    it('lists a project’s results by provider and shows no tenant another tenant’s', async () => {
      const key = await projectOf('results-list');
      for (const provider of ['semgrep', 'github-codeql', 'patterns'])
        await store.sastResults.upsert(result(key, provider, `scan-${provider}`, '2026-03-01T10:00:00.000Z'));
      const list = await store.sastResults.listForProject(key.tenantId, key.projectId);
      expect(list.map((r) => r.provider)).toEqual(['github-codeql', 'patterns', 'semgrep']);
      expect(list[0]?.counts).toEqual({ critical: 1, high: 2, medium: 0, low: 0, info: 3 });
      expect(Object.keys(list[0]?.counts ?? {})).toEqual(['critical', 'high', 'medium', 'low', 'info']);

      const other = await projectOf('results-other');
      expect(await store.sastResults.get(other.tenantId, key.projectId, 'semgrep')).toBeUndefined();
      expect(await store.sastResults.listForProject(other.tenantId, key.projectId)).toEqual([]);
      const foreign = { tenantId: other.tenantId, projectId: key.projectId };
      const refused = store.sastResults.upsert(result(foreign, 'semgrep', 'x', '2026-03-02T00:00:00.000Z'));
      await expect(refused).rejects.toBeInstanceOf(StorageError);
      await expect(refused).rejects.toMatchObject({ code: 'invalid_input' });
      expect((await store.sastResults.get(key.tenantId, key.projectId, 'semgrep'))?.scanId).toBe(
        'scan-semgrep',
      );
    });

    it('takes from a rate window up to its limit and refuses past it, taking nothing', async () => {
      const hour = '2026-03-01T10:00:00.000Z';
      expect(await store.rateLimits.take('dispatch', hour, 3, 5)).toBe(3);
      expect(await store.rateLimits.take('dispatch', hour, 2, 5)).toBe(5);
      expect(await store.rateLimits.take('dispatch', hour, 1, 5)).toBeUndefined();
      expect(await store.rateLimits.take('dispatch', hour, 6, 5)).toBeUndefined();
      expect(await store.rateLimits.take('dispatch', '2026-03-01T11:00:00Z', 4, 5)).toBe(4);
      expect(await store.rateLimits.take('other', hour, 5, 5)).toBe(5);
      expect(await store.rateLimits.take('fresh', hour, 6, 5)).toBeUndefined();
      const rows = await db.query(
        "SELECT key, count FROM rate_windows WHERE key IN ('dispatch', 'fresh') ORDER BY window_start",
      );
      expect(rows.map((r) => [r.key, Number(r.count)])).toEqual([
        ['dispatch', 5],
        ['dispatch', 4],
      ]);
      expect(await store.rateLimits.take('dispatch', hour, 1, 6)).toBe(6);
      await expect(store.rateLimits.take('dispatch', hour, 0, 5)).rejects.toBeInstanceOf(TypeError);
      await expect(store.rateLimits.take('dispatch', hour, 1.5, 5)).rejects.toBeInstanceOf(TypeError);
      await expect(store.rateLimits.take('dispatch', 'soon', 1, 5)).rejects.toBeInstanceOf(TypeError);

      expect(await store.rateLimits.purgeBefore('2026-03-01T11:00:00.000Z')).toBe(2);
      expect(await store.rateLimits.take('dispatch', hour, 1, 5)).toBe(1);
    });

    it('gives exactly the limit to 50 racing takes from two stores', async () => {
      const replica = await db.another();
      const hour = '2026-03-01T12:00:00.000Z';
      const answers = await Promise.all(
        Array.from({ length: 50 }, (_, i) => (i % 2 ? replica : store).rateLimits.take('race', hour, 1, 20)),
      );
      const taken = answers.filter((a): a is number => a !== undefined);
      expect(taken).toHaveLength(20);
      expect([...taken].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      const rows = await db.query("SELECT count FROM rate_windows WHERE key = 'race'");
      expect(rows.map((r) => Number(r.count))).toEqual([20]);
    });
  });
}
