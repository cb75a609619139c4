import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Backend, pendingUploads } from './harness.js';
import { client } from './http.js';
import { TRIVY, uploadAndWait, useSuiteService } from './service-suite.js';

const cursor = (key: unknown) => Buffer.from(JSON.stringify(key)).toString('base64url');

const scbFinding = (name: string, extra: Record<string, unknown> = {}) => ({
  id: crypto.randomUUID(),
  name,
  category: 'Cross-site Scripting',
  severity: 'HIGH',
  location: 'https://shop.example/search?q=1',
  parsed_at: '2026-01-01T00:00:00.000Z',
  attributes: { parameter: 'q' },
  ...extra,
});

/** Bad input on every route answers 4xx with what was wrong, alike on both backends (issue 10: 3, 9, 10, 12). */
export function defineBadInputCases(backend: Backend): void {
  const ctx = useSuiteService(backend);

  describe('findings ingest with a scan id of another tenant', () => {
    it('answers 404 for another tenant’s scan and for an unknown one, writing nothing', async () => {
      const mine = client(ctx.svc.url, ctx.keyA);
      const own = await mine.postJson('/v1/findings', {
        project: 'oracle',
        scan: { externalId: 'oracle-1' },
        findings: [scbFinding('XSS')],
      });
      expect(own.status, JSON.stringify(own.body)).toBe(200);
      const theirs = client(ctx.svc.url, ctx.keyB);
      for (const id of [own.body.scanId, crypto.randomUUID()]) {
        const res = await theirs.postJson('/v1/findings', {
          project: 'oracle',
          scan: { id },
          findings: [scbFinding('XSS')],
        });
        expect(res.status, JSON.stringify(res.body)).toBe(404);
        expect(res.body).toMatchObject({ code: 'NOT_FOUND', errors: [{ path: 'scan' }] });
      }
      expect((await theirs.get('/api/v1/projects/oracle/findings')).status).toBe(404);
      expect((await mine.get(`/api/v1/scans/${own.body.scanId}`)).body.status).toBe('completed');
    });
  });

  describe('NUL bytes', () => {
    it('refuses NUL in names, filters and ids with 400 naming the parameter', async () => {
      const http = client(ctx.svc.url, ctx.keyA);
      const body = await http.postJson('/v1/findings', {
        project: 'a\u0000b',
        scan: { externalId: 'nul-1' },
        findings: [],
      });
      expect(body.status).toBe(400);
      expect(body.body.errors[0].path).toBe('project');
      for (const [path, param] of [
        ['/api/v1/jobs?type=a%00b', 'query.type'],
        ['/api/v1/jobs/a%00b', 'param.id'],
        ['/api/v1/jobs/a%00b/logs', 'param.id'],
        ['/api/v1/scans?project=a%00b', 'query.project'],
        ['/api/v1/projects/a%00b/findings', 'param.name'],
      ] as const) {
        const res = await http.get(path);
        expect(res.status, `${path} ${JSON.stringify(res.body)}`).toBe(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
        expect(res.body.errors[0].path, path).toBe(param);
      }
      const up = await http.upload({ path: TRIVY }, { project: 'a\u0000b' });
      expect(up.status).toBe(400);
      expect(up.body.errors[0].path).toBe('project');
      expect(pendingUploads(ctx.b.dataDir)).toEqual([]);
    });

    it('stores finding text without NUL, from a findings post and from an uploaded report', async () => {
      const http = client(ctx.svc.url, ctx.keyA);
      const posted = await http.postJson('/v1/findings', {
        project: 'nul-text',
        scan: { externalId: 'nul-text-1' },
        findings: [
          scbFinding('Reflected\u0000 XSS', {
            description: 'a\u0000b',
            attributes: { 'k\u0000ey': ['v\u0000', { deep: '\u0000x' }] },
          }),
        ],
      });
      expect(posted.status, JSON.stringify(posted.body)).toBe(200);
      const stored = await http.get(`/api/v1/scans/${posted.body.scanId}/findings`);
      const f = stored.body.items[0].finding;
      expect(f.name).toBe('Reflected XSS');
      expect(f.description).toBe('ab');
      expect(f.attributes.key).toEqual(['v', { deep: 'x' }]);

      // A real Trivy report with NUL in a title: the job completes (it died after five attempts on PostgreSQL).
      const report = readFileSync(TRIVY, 'utf8').replace(
        '"Title": "freetype: Heap-based',
        '"Title": "freetype:\\u0000 Heap-based',
      );
      expect(report).toContain('\\u0000');
      const up = await http.upload({ bytes: report, name: 'trivy.json' }, { project: 'nul-upload' });
      expect(up.status, JSON.stringify(up.body)).toBe(202);
      const events = await http.events(up.body.jobId);
      const job = JSON.parse(events.at(-1)!.data);
      expect(job.status, job.error).toBe('completed');
      expect(job.attempts).toBe(1);
      const findings = await http.get('/api/v1/projects/nul-upload/findings?limit=100');
      expect(findings.body.items.length).toBeGreaterThan(0);
      expect(JSON.stringify(findings.body)).toContain('freetype: Heap-based');
      expect(JSON.stringify(findings.body)).not.toContain('\\u0000');
    });
  });

  describe('tampered cursors, deep JSON, media types', () => {
    it('answers 400 naming `cursor` for a cursor it did not hand out', async () => {
      const http = client(ctx.svc.url, ctx.keyA);
      await uploadAndWait(http, { path: TRIVY }, { project: 'cursor-project' });
      const bad = [
        'not a cursor!',
        'bm9wZQ',
        cursor([1, 2]),
        cursor(['not-a-time', 'x']),
        cursor(['2026-01-01T00:00:00.000Z', 'a\u0000']),
        cursor([{}, []]),
      ];
      for (const path of ['/api/v1/jobs', '/api/v1/scans', '/api/v1/projects/cursor-project/findings']) {
        for (const c of bad) {
          // The scans repository checks only the shape; its timestamps are its owner's to check.
          if (path === '/api/v1/scans' && c === cursor(['not-a-time', 'x'])) continue;
          const res = await http.get(`${path}?cursor=${encodeURIComponent(c)}`);
          expect(res.status, `${path} ${c} ${JSON.stringify(res.body)}`).toBe(400);
          expect(res.body.code).toBe('VALIDATION_FAILED');
          expect(res.body.errors[0].path).toMatch(/cursor/);
        }
      }
      const page = await http.get('/api/v1/jobs?limit=1');
      expect(page.body.nextCursor, JSON.stringify(page.body)).toBeDefined();
      const next = await http.get(`/api/v1/jobs?limit=1&cursor=${page.body.nextCursor}`);
      expect(next.status).toBe(200);
    });

    it('answers 400 for attributes nested 5000 levels deep, naming where', async () => {
      const deep = `${'{"a":'.repeat(5000)}"bottom"${'}'.repeat(5000)}`;
      const finding = JSON.stringify(scbFinding('Deep', { attributes: '@' }));
      const body = `{"project":"deep","scan":{"externalId":"deep-1"},"findings":[${finding.replace('"@"', deep)}]}`;
      const http = client(ctx.svc.url, ctx.keyA);
      const res = await http.post('/v1/findings', body, { 'content-type': 'application/json' });
      expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(400);
      expect(res.body.errors[0].path).toMatch(/^findings\.0\.attributes\.a\.a/);
      expect((await http.get('/api/v1/projects/deep/findings')).status).toBe(404);
    });

    it('answers 415 for a body that is not JSON by its type, 400 for text that is not JSON', async () => {
      const http = client(ctx.svc.url, ctx.keyA);
      const body = JSON.stringify({ project: 'types', scan: { externalId: 't-1' }, findings: [] });
      for (const type of ['text/plain', 'application/xml', 'multipart/form-data; boundary=x']) {
        const res = await http.post('/api/v1/findings', body, { 'content-type': type });
        expect(res.status, type).toBe(415);
        expect(res.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      }
      const broken = await http.post('/api/v1/findings', '{"project": "types", "secret": "hunter2"', {
        'content-type': 'application/json',
      });
      expect(broken.status).toBe(400);
      expect(JSON.stringify(broken.body)).not.toContain('hunter2');
      for (const value of ['"text"', '42', 'null', '{"project": 5}']) {
        const res = await http.post('/api/v1/findings', value, { 'content-type': 'application/json' });
        expect(res.status, value).toBe(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
      }
    });

    it('answers 400 for huge numbers and wrong types in query parameters', async () => {
      const http = client(ctx.svc.url, ctx.keyA);
      for (const path of [
        '/api/v1/jobs?limit=1e400',
        '/api/v1/jobs?limit=99999999999999999999',
        '/api/v1/jobs?limit=abc',
        '/api/v1/jobs?status=bogus',
        '/api/v1/scans?limit=-1',
      ]) {
        const res = await http.get(path);
        expect(res.status, path).toBe(400);
        expect(res.body.errors[0].path).toMatch(/limit|status/);
      }
      const jobs = await http.get('/api/v1/jobs?limit=1');
      const logs = await http.get(`/api/v1/jobs/${jobs.body.items[0].id}/logs?after=1e400`);
      expect(logs.status).toBe(400);
    });
  });

  describe('project names . and ..', () => {
    it('refuses them wherever a project name enters', async () => {
      const http = client(ctx.svc.url, ctx.keyA);
      for (const name of ['.', '..', ' .. ']) {
        const posted = await http.postJson('/v1/findings', {
          project: name,
          scan: { externalId: `dots-${name.trim()}` },
          findings: [],
        });
        expect(posted.status, name).toBe(400);
        expect(posted.body.errors[0]).toMatchObject({ path: 'project' });
        for (const field of ['project', 'assessment']) {
          const up = await http.upload({ path: TRIVY }, { [field]: name });
          expect(up.status, `${field}=${name}`).toBe(400);
          expect(up.body.errors[0].path).toBe(field);
        }
        const bare = await http.postJson(`/v1/findings?project=${name}&scan_id=x`, []);
        expect(bare.status, name).toBe(400);
        expect(bare.body.errors[0].path).toBe('query.project');
      }
      expect(pendingUploads(ctx.b.dataDir)).toEqual([]);
    });
  });
}
