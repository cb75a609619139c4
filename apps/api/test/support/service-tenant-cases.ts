import { createInvictiClient } from '@scanrelay/invicti-client';
import { describe, expect, it } from 'vitest';
import { client, waitFor } from './http.js';
import { type SuiteContext, TRIVY, WEBHOOK_TOKEN } from './service-suite.js';

/** The service suite's authentication, tenant isolation, findings push and Invicti webhook cases. */
export function defineTenantCases(ctx: SuiteContext): void {
  describe('authentication and tenants', () => {
    it('answers 401 without a key and 403 without the scope', async () => {
      const anonymous = await client(ctx.svc.url).get('/api/v1/jobs');
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.code).toBe('UNAUTHORIZED');
      const wrong = await client(ctx.svc.url, 'sr_not_a_real_key_000000000000').get('/api/v1/jobs');
      expect(wrong.status).toBe(401);
      const readOnly = await client(ctx.svc.url, ctx.keyReadOnly).upload({ path: TRIVY });
      expect(readOnly.status).toBe(403);
      expect(readOnly.body.code).toBe('FORBIDDEN');
      const viaHeader = await client(ctx.svc.url).get('/api/v1/jobs', { 'x-api-key': ctx.keyReadOnly });
      expect(viaHeader.status).toBe(200);
    });

    it('answers 404 for another tenant’s job, scan, log and project', async () => {
      const mine = client(ctx.svc.url, ctx.keyA);
      const jobs = await mine.get('/api/v1/jobs?limit=1');
      const job = jobs.body.items[0];
      const theirs = client(ctx.svc.url, ctx.keyB);
      for (const p of [
        `/api/v1/jobs/${job.id}`,
        `/api/v1/jobs/${job.id}/logs`,
        `/api/v1/scans/${job.result.scanId}`,
        `/api/v1/scans/${job.result.scanId}/findings`,
        '/api/v1/projects/shop-api/findings',
      ]) {
        const res = await theirs.get(p);
        expect(res.status, p).toBe(404);
        expect(res.body.code).toBe('NOT_FOUND');
      }
      const scans = await theirs.get('/api/v1/scans');
      expect(scans.body.items).toEqual([]);
    });
  });

  describe('POST /v1/findings', () => {
    const scbFinding = (name: string, severity: string) => ({
      id: crypto.randomUUID(),
      name,
      category: 'Cross-site Scripting',
      severity,
      location: 'https://shop.example/search?q=1',
      parsed_at: new Date().toISOString(),
      attributes: { parameter: 'q' },
    });

    it('ingests secureCodeBox findings for a scan once and marks the scan completed', async () => {
      const http = client(ctx.svc.url, ctx.keyA);
      const body = {
        project: 'storefront',
        scan: { externalId: 'invicti-scan-42', provider: 'invicti' },
        findings: [scbFinding('Reflected XSS', 'HIGH'), scbFinding('Missing CSP', 'LOW')],
      };
      const first = await http.postJson('/v1/findings', body);
      expect(first.status, JSON.stringify(first.body)).toBe(200);
      expect(first.body).toMatchObject({
        project: 'storefront',
        replayed: false,
        created: 2,
        counts: { high: 1, low: 1 },
        verdict: 'pass',
        score: 89,
      });
      const again = await http.postJson('/api/v1/findings', body);
      expect(again.body).toMatchObject({ scanId: first.body.scanId, replayed: true });
      const scan = await http.get(`/api/v1/scans/${first.body.scanId}`);
      expect(scan.body).toMatchObject({ status: 'completed', externalId: 'invicti-scan-42', kind: 'dast' });
      const findings = await http.get('/api/v1/projects/storefront/findings');
      expect(findings.body.items).toHaveLength(2);
    });

    it('names the failing field of an invalid body', async () => {
      const http = client(ctx.svc.url, ctx.keyA);
      const bad = await http.postJson('/v1/findings', {
        project: 'storefront',
        scan: { externalId: 'x' },
        findings: [{ ...scbFinding('A', 'HIGH'), severity: 'SEVERE' }],
      });
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0].path).toMatch(/\[0\]\.severity|0\.severity/);
      const noScan = await http.postJson('/v1/findings', { project: 'storefront', scan: {}, findings: [] });
      expect(noScan.status).toBe(400);
      expect(noScan.body.errors[0].path).toBe('scan');
    });
  });

  describe('Invicti scan-complete webhook', () => {
    it('queues fetch-invicti-issues when the fake Invicti fires it, and the issues arrive once', async () => {
      ctx.invicti.configureWebhook({
        url: `${ctx.svc.url}/api/v1/webhooks/invicti-scan-complete`,
        headers: { authorization: `Bearer ${WEBHOOK_TOKEN}` },
      });
      const inv = createInvictiClient({
        baseUrl: ctx.invicti.url,
        userId: 'fake-user-id',
        apiToken: 'fake-api-token',
      });
      ctx.invicti.planNext({ issues: 4 });
      const launched = await inv.launchScan({ targetUri: 'https://shop.example/' });
      ctx.invicti.advance(60_000);
      await ctx.invicti.flushWebhooks();
      const delivery = ctx.invicti.webhookDeliveries.find((d) => d.scanId === launched.scan.Id);
      expect(delivery?.status).toBe(202);
      const http = client(ctx.svc.url, ctx.keyA);
      const job = await waitFor('the fetch job to complete', async () => {
        const list = await http.get('/api/v1/jobs?type=fetch-invicti-issues');
        const j = list.body.items.find(
          (x: { input: { scanId: string } }) => x.input.scanId === launched.scan.Id.toLowerCase(),
        );
        return j?.status === 'completed' || j?.status === 'failed' ? j : undefined;
      });
      expect(job.status, job.error).toBe('completed');
      expect(job.result).toMatchObject({ created: 4, project: 'website' });
      const scan = await http.get(`/api/v1/scans/${job.result.scanId}`);
      expect(scan.body).toMatchObject({ provider: 'invicti', kind: 'dast', status: 'completed' });

      // The same scan again (a redelivery with a new delivery id) changes nothing.
      const again = await client(ctx.svc.url).post(
        `/api/v1/webhooks/invicti-scan-complete?scanId=${launched.scan.Id}`,
        '',
        {
          authorization: `Bearer ${WEBHOOK_TOKEN}`,
          'x-delivery-id': 'another-delivery',
        },
      );
      expect(again.status).toBe(202);
      expect(again.body).toMatchObject({ duplicate: true });
      const jobs = await http.get('/api/v1/jobs?type=fetch-invicti-issues');
      expect(
        jobs.body.items.filter(
          (x: { input: { scanId: string } }) => x.input.scanId === launched.scan.Id.toLowerCase(),
        ),
      ).toHaveLength(1);
    });

    it('refuses a wrong token and a body without a scan id', async () => {
      const anon = client(ctx.svc.url);
      const wrong = await anon.postJson(
        '/api/v1/webhooks/invicti-scan-complete',
        { ScanId: crypto.randomUUID() },
        { authorization: 'Bearer nope-nope-nope-nope-nope' },
      );
      expect(wrong.status).toBe(401);
      const none = await anon.postJson(
        '/api/v1/webhooks/invicti-scan-complete',
        { hello: 'world' },
        { authorization: `Bearer ${WEBHOOK_TOKEN}` },
      );
      expect(none.status).toBe(400);
      expect(none.body.code).toBe('VALIDATION_FAILED');
    });
  });
}
