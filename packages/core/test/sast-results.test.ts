import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { postCallback } from '@scanrelay/sast-runners';
import type { Store } from '@scanrelay/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCoreError, type SastDeps } from '../src/index.js';
import { readProjectBlocklist } from '../src/sast/blocklist-views.js';
import { receiveScanResult } from '../src/sast/receive-scan-result.js';
import { readProjectSummary, readProviderSummary } from '../src/sast/summaries.js';
import { backends } from './backends.js';
import {
  bodySigned,
  COMMIT_A,
  COMMIT_B,
  dispatchScan,
  finding,
  pastCreation,
  REPO,
  resultFor,
  type SastFixture,
  sastFixture,
  sha256,
  signed,
} from './sast-results-support.js';

/** A loopback receiver that hands the raw body and headers to `receiveScanResult`, as the API does. */
async function startReceiver(deps: () => SastDeps): Promise<{ server: Server; url: string }> {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers))
      if (typeof value === 'string') headers.set(name, value);
    try {
      const answer = await receiveScanResult(deps(), { body: Buffer.concat(chunks), headers });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    } catch (err) {
      res.writeHead(isCoreError(err) ? 400 : 500).end(String(err));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/api/v1/webhooks/scan-results` };
}

const refusal = (code: string, text?: string) =>
  expect.objectContaining({ code, ...(text ? { message: expect.stringContaining(text) } : {}) });

for (const backend of backends) {
  describe.runIf(backend.enabled)(`receiving SAST results on ${backend.name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    let f: SastFixture;
    beforeAll(async () => {
      ({ store, cleanup } = await backend.open());
      f = await sastFixture(store);
    });
    afterAll(() => cleanup?.());

    it('records a result postCallback posts: scan, result row, findings, summaries and blocklist', async () => {
      const scan = await dispatchScan(f, 'widget-posted');
      const findings = [
        finding('semgrep', 'eval-injection', 'src/app.js', 'critical', 12),
        finding('semgrep', 'weak-hash', 'src/hash.js', 'medium', 3),
      ];
      const result = resultFor(scan, findings);
      const receiver = await startReceiver(() => ({ ...f.deps(), now: () => new Date() }));
      try {
        const delivery = await postCallback({
          url: receiver.url,
          secret: ['an-older-rotated-secret-0000', f.deps().config.callbackSecrets[0]!],
          result,
          policy: { allowHttp: true, allowPrivateUrls: true },
          retry: { maxAttempts: 1 },
        });
        expect(delivery.status).toBe(200);

        const stored = await store.sastResults.get(f.tenantId, scan.projectId, 'semgrep');
        expect(stored).toMatchObject({
          scanId: scan.id,
          commitSha: COMMIT_A,
          status: 'completed',
          verdict: 'fail',
          counts: { critical: 1, high: 0, medium: 1, low: 0, info: 0 },
          deliveryId: `scanrelay:${delivery.deliveryId}`,
          bodyDigest: sha256(delivery.body),
          repoUrl: REPO,
        });
        expect(stored?.findings).toHaveLength(2);
        expect(stored?.attestation).toBeUndefined();
      } finally {
        await new Promise((r) => receiver.server.close(r));
      }

      expect(await store.scans.get(f.tenantId, scan.id)).toMatchObject({
        status: 'completed',
        commitSha: COMMIT_A,
        counts: { critical: 1, medium: 1 },
        verdict: 'fail',
        score: result.score,
        completedAt: result.finishedAt,
      });
      const ingested = await store.findings.list(f.tenantId, { projectId: scan.projectId });
      expect(ingested.items.map((i) => [i.ruleId, i.severity, i.lastScanId]).sort()).toEqual([
        ['eval-injection', 'critical', scan.id],
        ['weak-hash', 'medium', scan.id],
      ]);

      const deps = f.deps();
      expect(
        await readProviderSummary(deps, { tenantId: f.tenantId, project: scan.project, provider: 'semgrep' }),
      ).toMatchObject({
        provider: 'semgrep',
        status: 'completed',
        verdict: 'fail',
        commitSha: COMMIT_A,
        scanId: scan.id,
        scannedAt: result.finishedAt,
        tool: { name: 'semgrep', version: '1.2.3' },
        attested: false,
      });
      expect(await readProjectSummary(deps, { tenantId: f.tenantId, project: scan.project })).toMatchObject({
        project: 'widget-posted',
        verdict: 'fail',
        counts: { critical: 1, medium: 1 },
        providers: [{ provider: 'semgrep', scanId: scan.id }],
      });

      const blocklist = await readProjectBlocklist(store, f.tenantId, scan.project);
      expect(blocklist.blocked).toBe(true);
      expect(blocklist.entries).toEqual([
        expect.objectContaining({
          project: 'widget-posted',
          threatType: 'external-sast',
          severity: 'critical',
          reason: 'semgrep found 1 critical findings',
          discoveredBy: 'external-scan',
          evidence: {
            providers: {
              semgrep: expect.objectContaining({ scanId: scan.id, commitSha: COMMIT_A, critical: 1 }),
            },
          },
        }),
      ]);
    });

    it('answers what it recorded, and a repeat of the delivery is replayed without applying again', async () => {
      const scan = await dispatchScan(f, 'widget-replay');
      const req = signed(resultFor(scan, [finding('semgrep', 'xss', 'a.js', 'high')]), { at: f.clock.now() });
      const answer = await receiveScanResult(f.deps(), req);
      expect(answer).toEqual({
        accepted: true,
        scanId: scan.id,
        project: 'widget-replay',
        provider: 'semgrep',
        status: 'completed',
        verdict: 'pass',
        counts: { critical: 0, high: 1, medium: 0, low: 0, info: 0 },
        late: false,
        current: true,
        blocked: false,
      });
      await expect(receiveScanResult(f.deps(), req)).rejects.toEqual(refusal('replayed', 'already recorded'));
      // The same body under a new delivery id is the same result again.
      const again = signed(req.body, { at: f.clock.now() });
      await expect(receiveScanResult(f.deps(), again)).rejects.toEqual(refusal('replayed'));
      // The refused delivery is forgotten again: only the one that applied stays recorded.
      expect(
        await store.deliveries.get('scan-results', `scanrelay:${req.headers['x-webhook-id']}`),
      ).toMatchObject({ outcome: 'accepted' });
      expect(
        await store.deliveries.get('scan-results', `scanrelay:${again.headers['x-webhook-id']}`),
      ).toBeUndefined();
    });

    it('refuses a forged, a stale and an unsigned delivery, and records nothing', async () => {
      const scan = await dispatchScan(f, 'widget-forged');
      const result = resultFor(scan, []);
      const forged = signed(result, { secret: 'not-the-callback-secret-000', at: f.clock.now() });
      await expect(receiveScanResult(f.deps(), forged)).rejects.toEqual(
        refusal('unauthorized', 'no signature matches'),
      );
      const stale = signed(result, { at: new Date(f.clock.ms - 10 * 60_000) });
      await expect(receiveScanResult(f.deps(), stale)).rejects.toEqual(refusal('unauthorized', 'timestamp'));
      const unsigned = { body: forged.body, headers: { 'content-type': 'application/json' } };
      await expect(receiveScanResult(f.deps(), unsigned)).rejects.toEqual(refusal('unauthorized', 'missing'));
      await expect(
        receiveScanResult(f.deps({ acceptBodySignature: false }), bodySigned(result)),
      ).rejects.toEqual(refusal('unauthorized', 'sast.acceptBodySignature is off'));
      await expect(receiveScanResult(f.deps({ callbackSecrets: [] }), signed(result))).rejects.toEqual(
        refusal('unauthorized', 'sast.callbackSecrets is not configured'),
      );
      expect((await store.scans.get(f.tenantId, scan.id))?.status).toBe('pending');
      expect(await store.sastResults.get(f.tenantId, scan.projectId, 'semgrep')).toBeUndefined();
    });

    it('accepts the seed’s bare hex signature once and refuses its repeat as replayed', async () => {
      const scan = await dispatchScan(f, 'widget-bare');
      const result = resultFor(scan, [finding('semgrep', 'xss', 'a.js', 'low')]);
      const req = bodySigned(result);
      req.headers['x-webhook-signature'] = `${'0'.repeat(64)} ${req.headers['x-webhook-signature']}`;
      expect(await receiveScanResult(f.deps(), req)).toMatchObject({ accepted: true, status: 'completed' });
      const key = `body:${scan.id}:${sha256(req.body)}`;
      expect(await store.deliveries.get('scan-results', key)).toMatchObject({ outcome: 'accepted' });
      expect((await store.sastResults.get(f.tenantId, scan.projectId, 'semgrep'))?.deliveryId).toBe(key);
      await expect(receiveScanResult(f.deps(), req)).rejects.toEqual(refusal('replayed'));
      const forged = bodySigned(result, 'not-the-callback-secret-000');
      await expect(receiveScanResult(f.deps(), forged)).rejects.toEqual(
        refusal('unauthorized', 'no x-webhook-signature entry matches'),
      );
    });

    it('refuses results for another project, provider or repository, and for a scan never dispatched', async () => {
      const scan = await dispatchScan(f, 'widget-conflict');
      await dispatchScan(f, 'widget-other');
      const base = resultFor(scan, []);
      const cases = [
        [{ project: 'widget-other' }, 'project "widget-conflict", not "widget-other"'],
        [{ provider: 'trufflehog' as const }, 'provider "semgrep", not "trufflehog"'],
        [{ repoUrl: 'https://github.com/evil/widget.git' }, `repository ${REPO}`],
      ] as const;
      for (const [change, text] of cases) {
        const req = signed({ ...base, ...change }, { at: f.clock.now() });
        await expect(receiveScanResult(f.deps(), req)).rejects.toEqual(refusal('conflict', text));
        // Refused: the delivery is forgotten, so nothing of it stays recorded.
        expect(
          await store.deliveries.get('scan-results', `scanrelay:${req.headers['x-webhook-id']}`),
        ).toBeUndefined();
      }
      const unknown = signed({ ...base, scanId: crypto.randomUUID() }, { at: f.clock.now() });
      await expect(receiveScanResult(f.deps(), unknown)).rejects.toEqual(
        refusal('not_found', 'was dispatched'),
      );
      expect((await store.scans.get(f.tenantId, scan.id))?.status).toBe('pending');
    });

    it('refuses a body that is not a result, naming the field', async () => {
      const scan = await dispatchScan(f, 'widget-invalid');
      const base = resultFor(scan, []);
      const nonHex = signed({ ...base, commitSha: 'Z'.repeat(40) }, { at: f.clock.now() });
      await expect(receiveScanResult(f.deps(), nonHex)).rejects.toEqual(
        refusal('invalid_input', 'commitSha'),
      );
      const { commitSha: _, ...withoutCommit } = base;
      const missing = signed(withoutCommit, { at: f.clock.now() });
      await expect(receiveScanResult(f.deps(), missing)).rejects.toEqual(
        refusal('invalid_input', 'commitSha: a completed scan'),
      );
      const notJson = signed(Buffer.from('{"project":'), { at: f.clock.now() });
      await expect(receiveScanResult(f.deps(), notJson)).rejects.toEqual(
        refusal('invalid_input', 'not UTF-8 JSON'),
      );
      // A failed checkout has no commit: its result is still recorded.
      const failed = signed(
        { ...withoutCommit, status: 'failed', error: 'git clone failed', verdict: 'fail', score: 0 },
        { at: f.clock.now() },
      );
      expect(await receiveScanResult(f.deps(), failed)).toMatchObject({ status: 'failed', blocked: false });
      expect(await store.scans.get(f.tenantId, scan.id)).toMatchObject({
        status: 'failed',
        statusDetail: 'git clone failed',
      });
    });

    it('forgets the delivery when recording fails, so the sender’s retry is applied', async () => {
      const scan = await dispatchScan(f, 'widget-retry');
      const req = signed(resultFor(scan, [finding('semgrep', 'xss', 'a.js', 'critical')]), {
        at: f.clock.now(),
      });
      const failing = new Proxy(store, {
        get(target, prop) {
          if (prop !== 'transaction') return Reflect.get(target, prop);
          return (fn: (tx: Store) => Promise<unknown>) =>
            target.transaction(async (tx) => {
              await fn(tx);
              throw new Error('the database went away before commit');
            });
        },
      });
      await expect(receiveScanResult({ ...f.deps(), store: failing }, req)).rejects.toThrow('went away');
      expect(await store.sastResults.get(f.tenantId, scan.projectId, 'semgrep')).toBeUndefined();
      expect(await store.findings.list(f.tenantId, { projectId: scan.projectId })).toMatchObject({
        items: [],
      });
      expect(await store.blocklist.isBlocked(f.tenantId, scan.projectId)).toBe(false);
      expect(await receiveScanResult(f.deps(), req)).toMatchObject({ accepted: true, blocked: true });
    });

    it('keeps the newer dispatch’s result when an older dispatch’s result comes late', async () => {
      const older = await dispatchScan(f, 'widget-order');
      await store.scans.update(f.tenantId, older.id, { status: 'timed_out' });
      await pastCreation(older);
      const newer = await dispatchScan(f, 'widget-order');
      const clean = resultFor(newer, [], { commitSha: COMMIT_B });
      expect(await receiveScanResult(f.deps(), signed(clean, { at: f.clock.now() }))).toMatchObject({
        current: true,
        late: false,
      });
      const stale = resultFor(older, [finding('semgrep', 'rce', 'x.js', 'critical')]);
      expect(await receiveScanResult(f.deps(), signed(stale, { at: f.clock.now() }))).toMatchObject({
        accepted: true,
        current: false,
        late: true,
        blocked: false,
      });
      expect(await store.sastResults.get(f.tenantId, newer.projectId, 'semgrep')).toMatchObject({
        scanId: newer.id,
        commitSha: COMMIT_B,
      });
      expect(await store.scans.get(f.tenantId, older.id)).toMatchObject({
        status: 'completed',
        commitSha: COMMIT_A,
      });
      expect(await store.findings.list(f.tenantId, { projectId: newer.projectId })).toMatchObject({
        items: [],
      });
      expect(
        await readProviderSummary(f.deps(), {
          tenantId: f.tenantId,
          project: 'widget-order',
          provider: 'semgrep',
        }),
      ).toMatchObject({ scanId: newer.id });
    });

    it('stops serving summaries once they expire', async () => {
      const g = await sastFixture(store);
      const scan = await dispatchScan(g, 'widget-ttl');
      const deps = g.deps({ summaryTtlMs: 60_000 });
      await receiveScanResult(deps, signed(resultFor(scan, []), { at: g.clock.now() }));
      const q = { tenantId: g.tenantId, project: 'widget-ttl' };
      expect(await readProjectSummary(deps, q)).toMatchObject({ verdict: 'pass' });
      g.clock.advance(59_000);
      expect(await readProviderSummary(deps, { ...q, provider: 'semgrep' })).toMatchObject({
        verdict: 'pass',
      });
      g.clock.advance(2_000);
      expect(await readProjectSummary(deps, q)).toBeUndefined();
      expect(await readProviderSummary(deps, { ...q, provider: 'semgrep' })).toBeUndefined();
      // Stored, but past its expiry: what is not served is not gone (a new result refreshes it).
      expect(
        await store.summaries.get(
          { tenantId: g.tenantId, projectId: scan.projectId },
          new Date(g.clock.ms - 61_000),
        ),
      ).toBeDefined();
    });
  });
}
