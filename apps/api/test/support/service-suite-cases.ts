import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type Backend, pendingUploads } from './harness.js';
import { client } from './http.js';
import { SEMGREP, TRIVY, uploadAndWait, useSuiteService } from './service-suite.js';
import { defineTenantCases } from './service-tenant-cases.js';

/** The end-to-end suite over real HTTP, run once per backend (SQLite + embedded queue, PostgreSQL + BullMQ). */
export function defineServiceSuite(backend: Backend): void {
  const ctx = useSuiteService(backend);

  it('answers health with the database and queue reachable', async () => {
    const res = await client(ctx.svc.url).get('/api/v1/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'ok',
      database: { ok: true, dialect: backend },
      queue: { ok: true, driver: backend === 'sqlite' ? 'sqlite' : 'bullmq' },
    });
  });

  it('publishes OpenAPI 3.1, a docs page, and Prometheus metrics', async () => {
    const anon = client(ctx.svc.url);
    const doc = await anon.get('/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe('3.1.0');
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/upload',
        '/api/v1/jobs/{id}',
        '/api/v1/jobs/{id}/logs',
        '/api/v1/scans/{id}/findings',
        '/api/v1/webhooks/invicti-scan-complete',
      ]),
    );
    expect(doc.body.components.schemas.Problem.properties.code).toBeDefined();
    const docs = await fetch(`${ctx.svc.url}/docs`);
    expect(docs.headers.get('content-type')).toMatch(/text\/html/);
    expect(await docs.text()).toContain('<code>/api/v1/projects/{name}/findings</code>');
    const metrics = await fetch(`${ctx.svc.url}/metrics`);
    const text = await metrics.text();
    expect(text).toMatch(
      /scanrelay_http_requests_total\{method="GET",route="\/openapi.json",status="200"\} 1/,
    );
    expect(text).toContain('scanrelay_queue_jobs{queue="scanrelay",state="waiting"}');
  });

  it('ingests an uploaded Trivy report, streams its log, and reads findings and counts back', async () => {
    const http = client(ctx.svc.url, ctx.keyA);
    const { jobId, events, job } = await uploadAndWait(
      http,
      { path: TRIVY },
      { project: 'shop-api', assessment: 'release-1' },
    );
    const messages = events.filter((e) => e.event === 'log').map((e) => JSON.parse(e.data).message as string);
    expect(messages).toContain('detected trivy');
    expect(messages).toContain('parsed 5 findings');
    expect(messages.find((m) => m.startsWith('ingested:'))).toMatch(
      /^ingested: created 5 updated 0 unchanged 0/,
    );
    expect(job).toMatchObject({
      id: jobId,
      status: 'completed',
      progress: 100,
      result: { scanner: 'trivy', created: 5, total: 5 },
    });
    expect(pendingUploads(ctx.b.dataDir)).toEqual([]);

    const scan = await http.get(`/api/v1/scans/${job.result.scanId}`);
    expect(scan.status).toBe(200);
    expect(scan.body).toMatchObject({
      project: 'shop-api',
      provider: 'trivy',
      status: 'completed',
      counts: { critical: 1, high: 1, medium: 3, low: 0, info: 0 },
      verdict: 'fail',
    });

    const findings = await http.get('/api/v1/projects/shop-api/findings');
    expect(findings.status).toBe(200);
    expect(findings.body.items).toHaveLength(5);
    const freetype = findings.body.items.find(
      (f: { finding: { name: string } }) => f.finding.name === 'CVE-2020-15999 freetype 2.9.1-r2',
    );
    expect(freetype).toMatchObject({
      severity: 'medium',
      status: 'open',
      finding: {
        location: { kind: 'package', name: 'freetype', version: '2.9.1-r2', fixedVersion: '2.9.1-r3' },
      },
    });

    const critical = await http.get(`/api/v1/scans/${job.result.scanId}/findings?severity=critical,high`);
    expect(critical.body.items.map((f: { severity: string }) => f.severity).sort()).toEqual([
      'critical',
      'high',
    ]);
  });

  it('re-uploading the same report duplicates nothing', async () => {
    const http = client(ctx.svc.url, ctx.keyA);
    const { job } = await uploadAndWait(http, { path: TRIVY }, { project: 'shop-api' });
    expect(job.result).toMatchObject({ created: 0, unchanged: 5, total: 5 });
    const findings = await http.get('/api/v1/projects/shop-api/findings?limit=100');
    expect(findings.body.items).toHaveLength(5);
    const scans = await http.get('/api/v1/scans?project=shop-api');
    expect(scans.body.items).toHaveLength(2);
  });

  it('pages through findings with a cursor and filters by severity and tool', async () => {
    const http = client(ctx.svc.url, ctx.keyA);
    await uploadAndWait(http, { path: SEMGREP }, { project: 'backend', scanner_type: 'semgrep' });
    const seen = new Set<string>();
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await http.get(
        `/api/v1/projects/backend/findings?limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(page.status).toBe(200);
      for (const f of page.body.items) seen.add(f.id);
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor);
    expect(seen.size).toBe(48);
    expect(pages).toBe(3);
    const high = await http.get('/api/v1/projects/backend/findings?severity=high&limit=100');
    expect(high.body.items).toHaveLength(13);
    const byTool = await http.get('/api/v1/projects/backend/findings?tool=semgrep&limit=100');
    expect(byTool.body.items).toHaveLength(48);
    const bad = await http.get('/api/v1/projects/backend/findings?severity=urgent');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(bad.body.errors[0].path).toMatch(/severity/);
  });

  it('lists jobs with filters and resumes a log after Last-Event-ID', async () => {
    const http = client(ctx.svc.url, ctx.keyA);
    const list = await http.get('/api/v1/jobs?type=process-upload&status=completed&limit=2');
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(2);
    expect(list.body.nextCursor).toBeTruthy();
    const jobId = list.body.items[0].id;
    const all = (await http.events(jobId)).filter((e) => e.event === 'log');
    const resumed = await http.events(jobId, { 'last-event-id': all[2]!.id! });
    expect(resumed.filter((e) => e.event === 'log').map((e) => e.id)).toEqual(all.slice(3).map((e) => e.id));
    expect(resumed.at(-1)!.event).toBe('end');
  });

  it('streams a job log over a WebSocket until the job ends', async () => {
    const http = client(ctx.svc.url, ctx.keyA);
    const up = await http.upload({ path: TRIVY }, { project: 'ws-project' });
    expect(up.status).toBe(202);
    const ws = new WebSocket(`${ctx.svc.url.replace('http', 'ws')}/api/v1/jobs/${up.body.jobId}/logs/ws`, {
      headers: { authorization: `Bearer ${ctx.keyA}` },
    });
    const messages: { type: string; message?: string; job?: { status: string } }[] = [];
    const code = await new Promise<number>((resolve, reject) => {
      ws.on('message', (data) => messages.push(JSON.parse(String(data))));
      ws.on('close', (c) => resolve(c));
      ws.on('error', reject);
    });
    expect(code).toBe(1000);
    expect(messages.filter((m) => m.type === 'log').map((m) => m.message)).toContain('detected trivy');
    expect(messages.at(-1)).toMatchObject({ type: 'end', job: { status: 'completed' } });
  });

  describe('bad uploads get clear 4xx answers and leave nothing behind', () => {
    const cases: [
      string,
      Parameters<ReturnType<typeof client>['upload']>[0],
      Record<string, string>,
      number,
      string,
    ][] = [
      ['an empty file', { bytes: '' }, {}, 400, 'REPORT_EMPTY'],
      ['no file', undefined, { project: 'x' }, 400, 'REPORT_EMPTY'],
      [
        'a file of no known format',
        { bytes: 'hello, I am a shopping list\n', name: 'list.txt' },
        {},
        400,
        'REPORT_UNRECOGNISED',
      ],
      ['valid JSON of no known format', { bytes: '{"foo": [1, 2, 3]}' }, {}, 400, 'REPORT_UNRECOGNISED'],
      ['broken JSON', { bytes: readFileSync(TRIVY, 'utf8').slice(0, 900) }, {}, 400, 'REPORT_INVALID'],
      ['an unknown scanner_type', { path: TRIVY }, { scanner_type: 'nessus' }, 400, 'VALIDATION_FAILED'],
      ['an unknown import_type', { path: TRIVY }, { import_type: 'replace' }, 400, 'VALIDATION_FAILED'],
      [
        'a report over the size limit',
        { bytes: Buffer.alloc(300 * 1024, 0x20) },
        {},
        413,
        'PAYLOAD_TOO_LARGE',
      ],
    ];
    for (const [what, report, fields, status, code] of cases) {
      it(`refuses ${what}`, async () => {
        const http = client(ctx.svc.url, ctx.keyB);
        const res = await http.upload(report, fields);
        expect(res.status).toBe(status);
        expect(res.contentType).toBe('application/problem+json');
        expect(res.body).toMatchObject({ status, code });
        expect(res.body.detail.length).toBeGreaterThan(10);
        expect(pendingUploads(ctx.b.dataDir)).toEqual([]);
        const jobs = await http.get('/api/v1/jobs');
        expect(jobs.body.items).toEqual([]);
      });
    }

    it('refuses a body that is not multipart', async () => {
      const res = await client(ctx.svc.url, ctx.keyB).postJson('/api/v1/upload', { file: 'x' });
      expect(res.status).toBe(415);
      expect(res.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    });
  });

  defineTenantCases(ctx);
}
