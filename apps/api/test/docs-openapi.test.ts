import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeTempDir } from '@scanrelay/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/index.js';
import { type SecurityPageFixture, startSecurityPageFixture } from './security-page-fixture.js';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
/** HTML pages: for people, not part of the API's document. */
const PAGES = [
  '/docs',
  '/docs/docs.js',
  '/docs/docs.css',
  '/docs/{file}',
  '/projects/{name}/security',
  '/login',
  '/logout',
];
/** HTML pages for people, not API operations: the docs, the security page and the dashboard. */
const isPage = (path: string) =>
  PAGES.includes(path) || path === '/dashboard' || path.startsWith('/dashboard/');
const API_KEY = [{ apiKey: [] }, { apiKeyHeader: [] }];
/** The security each operation documents; every other operation takes an API key. */
const EXPECTED_SECURITY: Record<string, unknown[]> = {
  'get /api/v1/health': [],
  'get /api/v1/attestation-keys': [],
  'get /openapi.json': [],
  'get /metrics': [],
  'post /api/v1/webhooks/invicti-scan-complete': [{ webhookToken: [] }, { webhookSignature: [] }],
  'post /api/v1/webhooks/scan-results': [{ sastResultSignature: [] }],
};
/** POST operations that take no body. */
const NO_BODY = ['post /api/v1/scans/{id}/refetch'];

interface Operation {
  operationId?: string;
  security?: Record<string, string[]>[];
  requestBody?: { content: Record<string, { schema?: unknown }> };
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}
interface OpenApiDocument {
  paths: Record<string, Partial<Record<(typeof METHODS)[number], Operation>>>;
  components: { securitySchemes: Record<string, Record<string, string>> };
}

function operations(doc: OpenApiDocument): [string, Operation][] {
  return Object.entries(doc.paths).flatMap(([p, item]) =>
    METHODS.flatMap((m) => (item[m] ? [[`${m} ${p}`, item[m]] as [string, Operation]] : [])),
  );
}

const redoclyConfig = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../redocly.yaml');
/** The root devDependency's `redocly` bin, run with this Node (no shell, no PATH lookup). */
const require = createRequire(import.meta.url);
const redoclyBin = path.join(path.dirname(require.resolve('@redocly/cli/package.json')), 'bin/cli.js');

interface LintReport {
  totals: { errors: number; warnings: number; ignored: number };
  problems: { ruleId: string; message: string; location: { pointer: string }[] }[];
}

/** `redocly lint` with the repository's config on `file` (no shell): its JSON report and exit code. */
function lint(file: string): Promise<{ code: number | null; report: LintReport }> {
  const child = spawn(
    process.execPath,
    [redoclyBin, 'lint', file, '--config', redoclyConfig, '--format', 'json'],
    {
      env: {
        ...process.env,
        REDOCLY_TELEMETRY: 'off',
        REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
        NO_COLOR: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      const start = stdout.indexOf('{');
      if (start < 0) return reject(new Error(`redocly printed no report (exit ${code}): ${stderr}`));
      resolve({ code, report: JSON.parse(stdout.slice(start)) as LintReport });
    });
  });
}

describe('the OpenAPI document', () => {
  let f: SecurityPageFixture;
  let doc: OpenApiDocument;
  const tmp = makeTempDir('scanrelay-openapi-');

  beforeAll(async () => {
    f = await startSecurityPageFixture();
    doc = (await (await fetch(`${f.url}/openapi.json`)).json()) as OpenApiDocument;
  });
  afterAll(async () => {
    await f?.close();
    tmp.cleanup();
  });

  it('documents every route the service answers, and no other', () => {
    const served = new Set(
      f.api.app.routes
        .filter((r) => r.method !== 'ALL')
        .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, '{$1}')}`)
        .filter((r) => !isPage(r.slice(r.indexOf(' ') + 1))),
    );
    const documented = operations(doc).map(([key]) => key);
    expect(documented.sort()).toEqual([...served].sort());
    for (const key of ['post /v1/findings', 'post /api/v1/findings', 'get /metrics', 'get /openapi.json'])
      expect(documented).toContain(key);
  });

  it('gives every operation an id, its request body and a response schema', () => {
    const ids = new Set<string>();
    for (const [key, op] of operations(doc)) {
      expect(op.operationId, key).toMatch(/^[a-z][A-Za-z0-9]+$/);
      ids.add(op.operationId!);
      const success = Object.entries(op.responses).filter(([s]) => /^(2\d\d|101)$/.test(s));
      expect(success.length, key).toBeGreaterThan(0);
      for (const [status, response] of success) {
        if (status === '101') continue;
        const media = Object.values(response.content ?? {});
        expect(media.length, `${key} ${status}`).toBeGreaterThan(0);
        for (const m of media) expect(m.schema, `${key} ${status}`).toBeDefined();
      }
      if (key.startsWith('post ') && !NO_BODY.includes(key)) {
        const bodies = Object.values(op.requestBody?.content ?? {});
        expect(bodies.length, `${key} request body`).toBeGreaterThan(0);
        for (const m of bodies) expect(m.schema, `${key} request body`).toBeDefined();
      }
    }
    expect(ids.size).toBe(operations(doc).length);
  });

  it('names the security of each operation, with the schemes it uses', () => {
    for (const [key, op] of operations(doc))
      expect(op.security, key).toEqual(EXPECTED_SECURITY[key] ?? API_KEY);
    const schemes = doc.components.securitySchemes;
    expect(Object.keys(schemes).sort()).toEqual(
      ['apiKey', 'apiKeyHeader', 'sastResultSignature', 'webhookSignature', 'webhookToken'].sort(),
    );
    expect(schemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(schemes.apiKeyHeader).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-API-Key' });
    for (const name of ['webhookSignature', 'sastResultSignature']) {
      expect(schemes[name]).toMatchObject({ type: 'apiKey', in: 'header', name: 'x-webhook-signature' });
      expect(schemes[name]?.description).toMatch(/HMAC-SHA256 over the raw body/);
    }
  });

  it('documents what the service does: no credentials answer 401 exactly where security is required', async () => {
    for (const [key, op] of operations(doc)) {
      const [method, p] = key.split(' ') as [string, string];
      const url = f.url + p.replace('{id}', randomUUID()).replace('{name}', 'widget');
      const res = await fetch(url, {
        method: method.toUpperCase(),
        headers: method === 'get' ? {} : { 'content-type': 'application/json' },
        body: method === 'get' ? undefined : '{}',
      });
      await res.arrayBuffer();
      if ((op.security ?? []).length > 0) {
        expect(res.status, key).toBe(401);
        expect(res.headers.get('content-type'), key).toMatch(/^application\/problem\+json/);
      } else expect(res.status, key).toBe(200);
    }
  });

  it('passes redocly lint with the repository config, also with a metrics token', async () => {
    const withToken = buildApp({
      store: f.store,
      queue: f.api.services.queue,
      config: { dataDir: tmp.dir },
      metricsAccess: { token: 'metrics-token-0123456789abcdef' },
    });
    const tokenFile = path.join(tmp.dir, 'openapi-metrics-token.json');
    const file = path.join(tmp.dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(doc, null, 2));
    const tokenDoc = (await (await withToken.app.request('/openapi.json')).json()) as OpenApiDocument;
    expect(tokenDoc.paths['/metrics']?.get?.security).toEqual([{ metricsToken: [] }]);
    expect(tokenDoc.components.securitySchemes.metricsToken).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
    writeFileSync(tokenFile, JSON.stringify(tokenDoc, null, 2));
    for (const { code, report } of await Promise.all([lint(file), lint(tokenFile)])) {
      expect(report.problems.map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`)).toEqual(
        [],
      );
      expect(report.totals).toEqual({ errors: 0, warnings: 0, ignored: 0 });
      expect(code).toBe(0);
    }
  });

  it('fails the lint when an operation that takes credentials does not document its 401', async () => {
    const broken = structuredClone(doc);
    delete broken.paths['/api/v1/jobs']!.get!.responses['401'];
    const file = path.join(tmp.dir, 'broken.json');
    writeFileSync(file, JSON.stringify(broken, null, 2));
    const { code, report } = await lint(file);
    expect(code).not.toBe(0);
    expect(report.problems.map((p) => [p.ruleId, p.location[0]?.pointer])).toEqual([
      ['rule/credentials-document-401', '#/paths/~1api~1v1~1jobs/get/responses'],
    ]);
  });
});
