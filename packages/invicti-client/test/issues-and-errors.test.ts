import { describe, expect, it } from 'vitest';
import {
  createInvictiClient,
  InvictiAuthError,
  InvictiResponseError,
  isInvictiError,
  type RetryEvent,
} from '../src/index.js';
import { caught, TRANSPORTS, useFakeInvicti } from './support.js';

describe.each(TRANSPORTS)('over %s', (transport) => {
  const { fake, client, restart } = useFakeInvicti(transport);

  describe('listIssues', () => {
    it('walks every page and keeps only the issues of the scan', async () => {
      const c = client();
      fake().planNext({ queuedMs: 0, scanningMs: 0, archivingMs: 0, issues: 450 });
      const { scan } = await c.launchScan({ targetUri: 'https://big.example.com/' });
      fake().seedIssues(
        { id: '11111111-2222-3333-4444-555555555555', targetUrl: 'https://big.example.com/' },
        30,
      );
      fake().seedIssues(
        { id: '99999999-2222-3333-4444-555555555555', targetUrl: 'https://other.example.com/' },
        40,
      );
      const pages: number[] = [];
      const issues = [];
      for await (const issue of c.listIssues(scan.Id, { onPage: (p) => pages.push(p.page) }))
        issues.push(issue);
      expect(issues).toHaveLength(450);
      expect(new Set(issues.map((i) => i.Id)).size).toBe(450);
      expect(issues.every((i) => i.LatestScanId === scan.Id)).toBe(true);
      expect(pages).toEqual([1, 2, 3]);
      const listCalls = fake().requests.filter((r) => r.path === '/api/1.0/issues/allissues');
      expect(listCalls.map((r) => [r.query.page, r.query.pageSize, r.query.webSiteName])).toEqual([
        ['1', '200', 'big.example.com'],
        ['2', '200', 'big.example.com'],
        ['3', '200', 'big.example.com'],
      ]);
    });

    it('pages with a small page size, matches ids without dashes, and skips fixed issues', async () => {
      const c = client();
      fake().planNext({
        queuedMs: 0,
        scanningMs: 0,
        archivingMs: 0,
        issues: [...Array.from({ length: 60 }, () => ({})), { IsPresent: false, State: 'FixedUnconfirmed' }],
      });
      const { scan } = await c.launchScan({ targetUri: 'https://p.example.com/' });
      const undashed = scan.Id.replace(/-/g, '').toUpperCase();
      let count = 0;
      let lastPage = 0;
      for await (const _ of c.listIssues(undashed, {
        pageSize: 7,
        websiteName: null,
        onPage: (p) => (lastPage = p.page),
      }))
        count += 1;
      expect(count).toBe(60);
      expect(lastPage).toBe(9);
      let withFixed = 0;
      for await (const _ of c.listIssues(scan.Id, { includeAbsent: true })) withFixed += 1;
      expect(withFixed).toBe(61);
    });

    it('refuses a page size over 200', async () => {
      const it = client().listIssues('x', { pageSize: 201, websiteName: null });
      await expect(it.next()).rejects.toThrow(/pageSize must be an integer from 1 to 200/);
    });

    it('fetches the JSON vulnerabilities report of a completed scan', async () => {
      const c = client();
      fake().planNext({ queuedMs: 0, scanningMs: 0, archivingMs: 0, issues: 8 });
      const { scan } = await c.launchScan({ targetUri: 'https://r.example.com/' });
      const report = await c.getVulnerabilitiesReport(scan.Id);
      expect(report.Target.ScanId).toBe(scan.Id.replace(/-/g, ''));
      expect(report.Vulnerabilities).toHaveLength(8);
      expect(report.Vulnerabilities.map((v) => v.Severity).slice(0, 6)).toEqual([
        'Critical',
        'High',
        'Medium',
        'Low',
        'Information',
        'BestPractice',
      ]);
    });
  });

  describe('errors and retries', () => {
    it('retries a 429 after Retry-After and a 500 with backoff', async () => {
      const events: RetryEvent[] = [];
      const c = client({ onRetry: (e) => events.push(e) });
      const { scan } = await c.launchScan({ targetUri: 'https://x.example.com/' });
      fake().failNext(429, { path: 'scans/status', retryAfter: 1 });
      fake().failNext(500, { path: 'scans/status', retryAfter: 0 });
      const status = await c.getScanStatus(scan.Id);
      expect(status.State).toBe('Queued');
      const statusCalls = fake().requests.filter((r) => r.path.startsWith('/api/1.0/scans/status/'));
      expect(statusCalls.map((r) => r.status)).toEqual([429, 500, 200]);
      expect(events.map((e) => [e.attempt, e.error.code, e.retryAfterMs])).toEqual([
        [1, 'rate_limited', 1000],
        [2, 'server_error', 0],
      ]);
    });

    it('gives up after the retry limit with a retryable error naming the attempts', async () => {
      const c = client({ retry: { limit: 2, baseDelayMs: 1 } });
      fake().failNext(502, { count: 5, message: 'Bad gateway upstream' });
      const err = await caught(c.getScanStatus('0e8c1b4e-0000-4000-8000-000000000001'));
      expect(err).toMatchObject({
        code: 'server_error',
        status: 502,
        retryable: true,
        remoteMessage: 'Bad gateway upstream',
      });
      expect((err as Error).message).toMatch(/after 3 attempts/);
      expect(fake().requests).toHaveLength(3);
    });

    it('fails at once on bad credentials, naming the credential, never showing the token', async () => {
      const c = client({ apiToken: 'wrong-TOKEN-value' });
      const err = await caught(c.getScanStatus('0e8c1b4e-0000-4000-8000-000000000001'));
      expect(err).toBeInstanceOf(InvictiAuthError);
      expect(err).toMatchObject({ code: 'unauthorized', status: 401, retryable: false });
      expect((err as Error).message).toMatch(/check the user id "u-123" and its API token/);
      expect(fake().requests).toHaveLength(1);
      const dumped = JSON.stringify({
        ...(err as object),
        message: (err as Error).message,
        stack: (err as Error).stack,
      });
      expect(dumped).not.toContain('wrong-TOKEN-value');
      expect(dumped).not.toContain(Buffer.from('u-123:wrong-TOKEN-value').toString('base64'));
      expect((err as InvictiAuthError).request?.headers.authorization).toBe('Basic [REDACTED]');
    });

    it('fails at once on 403', async () => {
      fake().failNext(403, { message: 'You do not have permission.' });
      const err = await caught(client().getScan('0e8c1b4e-0000-4000-8000-000000000001'));
      expect(err).toMatchObject({ code: 'forbidden', status: 403 });
      expect(fake().requests).toHaveLength(1);
    });

    it('reports malformed answers as invalid_response with where the shape broke', async () => {
      const c = client();
      fake().malformNext({ body: 'truncated' });
      const a = await caught(c.getScanStatus('0e8c1b4e-0000-4000-8000-000000000001'));
      expect(a).toBeInstanceOf(InvictiResponseError);
      expect((a as Error).message).toMatch(/not JSON/);
      fake().malformNext({ body: 'html' });
      expect(await caught(c.getScanStatus('0e8c1b4e-0000-4000-8000-000000000001'))).toMatchObject({
        code: 'invalid_response',
      });
      fake().malformNext({ body: 'wrong-shape' });
      const c2 = await caught(c.getScanStatus('0e8c1b4e-0000-4000-8000-000000000001'));
      expect(c2).toMatchObject({ code: 'invalid_response', path: 'State' });
    });

    it('times out a slow answer, and retries it when allowed', async () => {
      const { scan } = await client().launchScan({ targetUri: 'https://slow.example.com/' });
      // The retry must answer within the timeout: leave a loaded machine room for that.
      fake().slowNext(5000, { path: 'scans/status' });
      const err = await caught(client({ timeoutMs: 1000, retry: { limit: 0 } }).getScanStatus(scan.Id));
      expect(err).toMatchObject({ code: 'timeout', retryable: true });
      fake().slowNext(5000, { path: 'scans/status' });
      const ok = await client({ timeoutMs: 1000, retry: { limit: 1, baseDelayMs: 1 } }).getScanStatus(
        scan.Id,
      );
      expect(ok.State).toBe('Queued');
    });

    it('reports an unreachable server as a retryable network error', async () => {
      const url = fake().url;
      await fake().close();
      const err = await caught(
        createInvictiClient({
          baseUrl: url,
          userId: 'u',
          apiToken: 't',
          retry: { limit: 0 },
          transport,
        }).getScanStatus('id'),
      );
      expect(isInvictiError(err)).toBe(true);
      expect(err).toMatchObject({ code: 'network_error', retryable: true });
      await restart();
    });
  });
});
