import { signRequest } from '@scanrelay/hmac-webhooks';
import { createInvictiClient } from '@scanrelay/invicti-client';
import { createFakeInvicti, type FakeInvicti } from '@scanrelay/testkit';
import { createWorker, type ScanrelayWorker } from '@scanrelay/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Backends, openBackends, type Service, startService } from './support/harness.js';
import { client, waitFor } from './support/http.js';

const TOKEN = 'whk_recovery_token_0123456789';
const SECRET = 'whsec_recovery_secret_01234567';
const PATH = '/api/v1/webhooks/invicti-scan-complete';

/** Items 2, 7, 8 and 21 of issue 10: the signed trigger, Invicti's state, permanent errors, no lost results. */
describe('Invicti completion: signed triggers, scan states and recovery', () => {
  let b: Backends;
  let svc: Service;
  let worker: ScanrelayWorker;
  let invicti: FakeInvicti;
  let admin: string;
  let uploader: string;
  let otherAdmin: string;
  let tenantId: string;

  beforeAll(async () => {
    b = await openBackends('sqlite');
    invicti = await createFakeInvicti();
    svc = await startService(b, {
      worker: false,
      config: { invictiWebhook: { tokens: [TOKEN], secrets: [SECRET], tenant: 'acme', project: 'website' } },
    });
    worker = createWorker({
      store: b.store,
      queue: b.queue,
      dataDir: b.dataDir,
      invicti: { baseUrl: invicti.url, userId: 'fake-user-id', apiToken: 'fake-api-token' },
      pollMs: 50,
      backoff: { baseMs: 50, maxMs: 200 },
      // The test runs the sweep itself; a scan is swept as soon as it exists.
      invictiSweep: { pollAfterMs: 0, intervalMs: 0 },
    });
    worker.start();
    const acme = await b.store.tenants.getOrCreate('acme');
    tenantId = acme.id;
    admin = (await b.store.apiKeys.create(acme.id, { name: 'ops', scopes: ['admin'] })).key;
    uploader = (await b.store.apiKeys.create(acme.id, { name: 'ci', scopes: ['upload', 'read'] })).key;
    const other = await b.store.tenants.getOrCreate('other');
    otherAdmin = (await b.store.apiKeys.create(other.id, { name: 'ops', scopes: ['admin'] })).key;
  });

  afterAll(async () => {
    await svc?.close();
    await worker?.close(5000);
    await invicti?.close();
    await b?.cleanup();
  });

  const inv = () =>
    createInvictiClient({ baseUrl: invicti.url, userId: 'fake-user-id', apiToken: 'fake-api-token' });
  const jobOf = async (scanId: string) => {
    const list = await client(svc.url, admin).get('/api/v1/jobs?type=fetch-invicti-issues&limit=1000');
    return list.body.items.find(
      (j: { input: { scanId: string } }) => j.input.scanId === scanId.toLowerCase(),
    );
  };
  const finished = (scanId: string, statuses = ['completed', 'failed', 'dead']) =>
    waitFor(`the fetch job of ${scanId} to end`, async () => {
      const j = await jobOf(scanId);
      return statuses.includes(j?.status) ? j : undefined;
    });
  const storedScan = async (scanId: string) =>
    (await client(svc.url, admin).get(`/api/v1/scans?provider=invicti&limit=1000`)).body.items.find(
      (s: { externalId: string }) => s.externalId === scanId.toLowerCase(),
    );
  /** No fetch job queued or running: nothing in the background reads Invicti (faults reach the intended call). */
  const idle = () =>
    waitFor('no fetch job in flight', async () => {
      const list = await client(svc.url, admin).get(
        '/api/v1/jobs?type=fetch-invicti-issues&status=queued,running',
      );
      return list.body.items.length === 0;
    });
  const issueReads = () => invicti.requests.filter((r) => r.path.includes('issues/allissues')).length;
  const bearer = (scanId: string, delivery: string) =>
    client(svc.url).postJson(
      PATH,
      { ScanId: scanId },
      { authorization: `Bearer ${TOKEN}`, 'x-delivery-id': delivery },
    );

  describe('a signed delivery acts only on what is signed (item 2)', () => {
    it('refuses a query scan id or project that disagrees with the signed body (400), and keeps the refusal', async () => {
      const signedScan = crypto.randomUUID();
      const signed = signRequest({ secret: SECRET, body: { ScanId: signedScan } });
      const http = client(svc.url);
      const redirected = await http.post(
        `${PATH}?scanId=${crypto.randomUUID()}`,
        Buffer.from(signed.body),
        signed.headers,
      );
      expect(redirected.status).toBe(400);
      expect(redirected.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ path: 'scanId' }] });
      const moved = await http.post(`${PATH}?project=someone-else`, Buffer.from(signed.body), signed.headers);
      expect(moved.status).toBe(400);
      expect(moved.body.errors[0].path).toBe('project');
      expect(await jobOf(signedScan)).toBeUndefined();
      const deliveries = await client(svc.url, admin).get('/api/v1/webhooks/deliveries?limit=1000');
      expect(deliveries.status).toBe(200);
      expect(deliveries.body.items).toContainEqual(
        expect.objectContaining({
          id: signed.deliveryId,
          outcome: 'rejected',
          detail: expect.stringMatching(/scanId/),
        }),
      );
      // The genuine delivery, as signed, still goes through: the refused copies did not burn it.
      const genuine = await http.post(
        `${PATH}?scanId=${signedScan.toUpperCase()}`,
        Buffer.from(signed.body),
        signed.headers,
      );
      expect(genuine.status).toBe(202);
      expect(genuine.body).toMatchObject({ accepted: true, scanId: signedScan });
    });

    it('files a signed delivery under the project of its signed body', async () => {
      const launched = await inv().launchScan({ targetUri: 'https://signed.example/' });
      invicti.advance(60_000);
      const signed = signRequest({
        secret: SECRET,
        body: { ScanId: launched.scan.Id, project: 'signed-shop' },
      });
      const res = await client(svc.url).post(PATH, Buffer.from(signed.body), signed.headers);
      expect(res.status).toBe(202);
      const job = await finished(launched.scan.Id);
      expect(job.status, job.error).toBe('completed');
      expect(job.result).toMatchObject({ project: 'signed-shop', created: 3 });
    });

    it('keeps reading ?scanId= and ?project= from a token caller (Invicti’s own integration)', async () => {
      const launched = await inv().launchScan({ targetUri: 'https://token.example/' });
      invicti.advance(60_000);
      const res = await client(svc.url).post(`${PATH}?scanId=${launched.scan.Id}&project=from-query`, '', {
        authorization: `Bearer ${TOKEN}`,
      });
      expect(res.status).toBe(202);
      expect((await finished(launched.scan.Id)).result).toMatchObject({ project: 'from-query' });
    });
  });

  describe('the fetch checks Invicti’s state first (items 7 and 8)', () => {
    it('fetches nothing for a scan still queued, and leaves it running for the sweep', async () => {
      invicti.planNext({ outcome: 'never' });
      const launched = await inv().launchScan({ targetUri: 'https://queued.example/' });
      const reads = issueReads();
      expect((await bearer(launched.scan.Id, `q-${launched.scan.Id}`)).status).toBe(202);
      const job = await finished(launched.scan.Id, ['dead', 'completed', 'failed']);
      expect(job.status).toBe('dead');
      expect(job.attempts).toBeGreaterThan(1);
      expect(job.error).toMatch(/as (Queued|Scanning), not Complete/);
      expect(issueReads()).toBe(reads);
      expect(await storedScan(launched.scan.Id)).toMatchObject({ status: 'running', counts: { high: 0 } });
    });

    it('records a failed or cancelled scan as failed with Invicti’s state, fetching nothing', async () => {
      for (const outcome of ['Failed', 'Cancelled'] as const) {
        invicti.planNext({
          outcome,
          failureReasonDescription: outcome === 'Failed' ? 'Target unreachable' : undefined,
        });
        const launched = await inv().launchScan({ targetUri: `https://${outcome.toLowerCase()}.example/` });
        invicti.advance(60_000);
        const reads = issueReads();
        await bearer(launched.scan.Id, `f-${launched.scan.Id}`);
        const job = await finished(launched.scan.Id);
        expect(job).toMatchObject({ status: 'failed', attempts: 1 });
        expect(job.error).toContain(`Invicti state ${outcome}`);
        expect(issueReads()).toBe(reads);
        const scan = await storedScan(launched.scan.Id);
        expect(scan.status).toBe('failed');
        expect(scan.statusDetail).toMatch(new RegExp(`^Invicti state ${outcome}`));
        if (outcome === 'Failed') expect(scan.statusDetail).toContain('Target unreachable');
      }
    });

    it('fails at once, without retries, for a scan Invicti does not know (404) and for a broken answer', async () => {
      const unknown = crypto.randomUUID();
      await bearer(unknown, `u-${unknown}`);
      const gone = await finished(unknown);
      expect(gone).toMatchObject({ status: 'failed', attempts: 1 });
      expect(gone.error).toMatch(/does not know scan/);
      expect((await storedScan(unknown)).status).toBe('failed');

      const launched = await inv().launchScan({ targetUri: 'https://broken.example/' });
      invicti.advance(60_000);
      await idle();
      invicti.malformNext({ path: 'scans/detail', body: 'wrong-shape' });
      await bearer(launched.scan.Id, `m-${launched.scan.Id}`);
      const broken = await finished(launched.scan.Id);
      expect(broken).toMatchObject({ status: 'failed', attempts: 1 });
      expect(broken.error).toMatch(/invalid_response: a retry cannot fix this/);
    });
  });

  describe('no lost results (item 21)', () => {
    it('registers a launch, sweeps it until Invicti says done, and fetches it without any webhook', async () => {
      invicti.planNext({ issues: 2 });
      const launched = await inv().launchScan({ targetUri: 'https://registered.example/' });
      const scanId = launched.scan.Id.toLowerCase();
      const ci = client(svc.url, uploader);
      const reg = await ci.postJson('/api/v1/scans/register', {
        scanId: launched.scan.Id.toUpperCase(),
        project: 'registered-shop',
        target: 'https://registered.example/',
      });
      expect(reg.status, JSON.stringify(reg.body)).toBe(201);
      expect(reg.body).toMatchObject({
        created: true,
        scan: {
          provider: 'invicti',
          kind: 'dast',
          status: 'running',
          externalId: scanId,
          project: 'registered-shop',
        },
      });
      const again = await ci.postJson('/api/v1/scans/register', { scanId, project: 'registered-shop' });
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ created: false, scan: { id: reg.body.scan.id } });
      const bad = await ci.postJson('/api/v1/scans/register', { scanId: '../etc', project: 'x' });
      expect(bad.status).toBe(400);
      const listed = await ci.get('/api/v1/scans?status=running&provider=invicti&limit=1000');
      expect(listed.body.items.map((s: { id: string }) => s.id)).toContain(reg.body.scan.id);

      // Still scanning: the sweep asks Invicti and leaves it.
      const first = await worker.sweepInvicti();
      expect(first?.queued).not.toContain(reg.body.scan.id);
      expect(await jobOf(scanId)).toBeUndefined();
      invicti.advance(60_000);
      const second = await worker.sweepInvicti();
      expect(second?.queued).toContain(reg.body.scan.id);
      const job = await finished(scanId);
      expect(job.status, job.error).toBe('completed');
      expect(job.result).toMatchObject({ created: 2, project: 'registered-shop', scanId: reg.body.scan.id });
      const scan = await ci.get(`/api/v1/scans/${reg.body.scan.id}`);
      expect(scan.body).toMatchObject({ status: 'completed', target: 'https://registered.example/' });
      const findings = await ci.get(`/api/v1/scans/${reg.body.scan.id}/findings`);
      expect(findings.body.items).toHaveLength(2);
      expect((await worker.sweepInvicti())?.queued).not.toContain(reg.body.scan.id);
    });

    it('sweeps a scan whose fetch went dead once Invicti reports it done', async () => {
      invicti.planNext({ queuedMs: 1000, scanningMs: 3_600_000, issues: 1 });
      const launched = await inv().launchScan({ targetUri: 'https://late.example/' });
      await bearer(launched.scan.Id, `late-${launched.scan.Id}`);
      expect((await finished(launched.scan.Id)).status).toBe('dead');
      invicti.advance(4 * 3_600_000);
      const stored = await storedScan(launched.scan.Id);
      expect((await worker.sweepInvicti())?.queued).toContain(stored.id);
      const job = await finished(launched.scan.Id, ['completed', 'failed']);
      expect(job.status, job.error).toBe('completed');
      expect(job.result).toMatchObject({ created: 1, project: 'website' });
    });

    it('lets an admin re-run the fetch of a scan whose fetch failed, and nobody else', async () => {
      const launched = await inv().launchScan({ targetUri: 'https://refetch.example/' });
      invicti.advance(60_000);
      await idle();
      invicti.malformNext({ path: 'scans/detail', body: 'wrong-shape' });
      await bearer(launched.scan.Id, `r-${launched.scan.Id}`);
      expect((await finished(launched.scan.Id)).status).toBe('failed');
      const scan = await storedScan(launched.scan.Id);
      expect((await client(svc.url, uploader).post(`/api/v1/scans/${scan.id}/refetch`, '')).status).toBe(403);
      expect((await client(svc.url, otherAdmin).post(`/api/v1/scans/${scan.id}/refetch`, '')).status).toBe(
        404,
      );
      const res = await client(svc.url, admin).post(`/api/v1/scans/${scan.id}/refetch`, '');
      expect(res.status).toBe(202);
      expect(res.body).toMatchObject({ scanId: scan.id, queued: true });
      const job = await waitFor('the re-run to complete', async () => {
        const j = await jobOf(launched.scan.Id);
        return j?.status === 'completed' ? j : undefined;
      });
      expect(job.result).toMatchObject({ created: 3 });
      const upload = await b.store.scans.create(tenantId, {
        projectId: scan.projectId,
        provider: 'trivy',
        kind: 'sca',
      });
      expect((await client(svc.url, admin).post(`/api/v1/scans/${upload.id}/refetch`, '')).status).toBe(409);
    });

    it('shows an admin every delivery of their tenant with its outcome, and no other tenant’s', async () => {
      const refused = await client(svc.url).postJson(
        PATH,
        { hello: 'world' },
        { authorization: `Bearer ${TOKEN}`, 'x-delivery-id': 'no-scan-id-1' },
      );
      expect(refused.status).toBe(400);
      const mine = await client(svc.url, admin).get(
        '/api/v1/webhooks/deliveries?source=invicti-scan-complete&limit=2',
      );
      expect(mine.status).toBe(200);
      expect(mine.body.items).toHaveLength(2);
      expect(mine.body.nextCursor).toBeDefined();
      const next = await client(svc.url, admin).get(
        `/api/v1/webhooks/deliveries?source=invicti-scan-complete&limit=1000&cursor=${encodeURIComponent(mine.body.nextCursor)}`,
      );
      const all = [...mine.body.items, ...next.body.items];
      expect(all).toContainEqual(
        expect.objectContaining({
          id: 'no-scan-id-1',
          outcome: 'rejected',
          detail: expect.stringMatching(/^no Invicti scan id found/),
        }),
      );
      expect(all.every((d: Record<string, unknown>) => !('tenantId' in d))).toBe(true);
      expect(all.find((d: { outcome: string }) => d.outcome === 'accepted')?.subject).toMatch(
        /^[0-9a-f-]{36}$/,
      );
      expect((await client(svc.url, otherAdmin).get('/api/v1/webhooks/deliveries')).body.items).toEqual([]);
      expect((await client(svc.url, uploader).get('/api/v1/webhooks/deliveries')).status).toBe(403);
    });
  });
});
