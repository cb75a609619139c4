import { findingHistorySchema, openVexDocumentSchema, storedFindingSchema } from '@scanrelay/api-schema';
import { ingest } from '@scanrelay/core';
import { createFinding, type Finding, type Severity } from '@scanrelay/findings-schema';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApi, type ScanrelayApi } from '../../src/index.js';
import { type Backend, type Backends, openBackends } from './harness.js';

/** A Trivy-like package finding with a CVE and a purl. */
function pkg(cve: string, name: string, severity: Severity): Finding {
  return createFinding({
    tool: { id: 'trivy', name: 'Trivy' },
    ruleId: cve,
    name: `${cve} in ${name}`,
    severity,
    category: 'vulnerability',
    location: { kind: 'package', name, version: '1.0.0', purl: `pkg:npm/${name}@1.0.0` },
    cve: [cve],
  });
}

/** A Semgrep-like source finding. */
function sast(rule: string, file: string, severity: Severity): Finding {
  return createFinding({
    tool: { id: 'semgrep', name: 'Semgrep' },
    ruleId: rule,
    name: rule,
    severity,
    category: 'sast',
    location: { kind: 'source', file, startLine: 7 },
  });
}

/**
 * The triage routes over real HTTP on loopback: read, triage (one and bulk), history, the list's
 * filters and the OpenVEX export, with keys of two tenants and a clock the test moves.
 */
export function defineTriageSuite(backend: Backend): void {
  let b: Backends;
  let api: ScanrelayApi;
  let url = '';
  let clock = new Date('2026-12-04T10:00:00.000Z');
  const keys = {} as { admin: string; triage: string; triagePrefix: string; read: string; other: string };
  const ids = {} as Record<string, string>;

  beforeAll(async () => {
    b = await openBackends(backend);
    const acme = await b.store.tenants.getOrCreate('acme');
    const other = await b.store.tenants.getOrCreate('other');
    keys.admin = (await b.store.apiKeys.create(acme.id, { name: 'ops', scopes: ['admin'] })).key;
    const triager = await b.store.apiKeys.create(acme.id, { name: 'appsec', scopes: ['read', 'triage'] });
    keys.triage = triager.key;
    keys.triagePrefix = triager.apiKey.prefix;
    keys.read = (await b.store.apiKeys.create(acme.id, { name: 'ci', scopes: ['upload', 'read'] })).key;
    keys.other = (await b.store.apiKeys.create(other.id, { name: 'ops', scopes: ['admin'] })).key;
    const report = [
      pkg('CVE-2024-0001', 'lodash', 'critical'),
      pkg('CVE-2024-0002', 'minimist', 'low'),
      pkg('CVE-2024-0003', 'qs', 'low'),
      sast('js.eval', 'src/app.js', 'high'),
      sast('js.weak-hash', 'src/crypto.js', 'low'),
    ];
    await ingest(b.store, {
      tenant: acme.id,
      project: 'shop',
      scan: { provider: 'trivy', kind: 'sca' },
      findings: report,
      mode: 'merge',
    });
    await ingest(b.store, {
      tenant: other.id,
      project: 'shop',
      scan: { provider: 'trivy', kind: 'sca' },
      findings: [pkg('CVE-2024-0001', 'lodash', 'critical')],
      mode: 'merge',
    });
    const project = await b.store.projects.getByName(acme.id, 'shop');
    for (const f of (await b.store.findings.list(acme.id, { projectId: project!.id, limit: 100 })).items)
      ids[f.ruleId] = f.id;
    const otherProject = await b.store.projects.getByName(other.id, 'shop');
    ids.other = (await b.store.findings.list(other.id, { projectId: otherProject!.id })).items[0]!.id;
    api = createApi({ store: b.store, queue: b.queue, config: { dataDir: b.dataDir }, now: () => clock });
    ({ url } = await api.start({ port: 0, host: '127.0.0.1' }));
  });
  afterAll(async () => {
    await api?.close({ timeoutMs: 10_000 });
    await b?.cleanup();
  });

  async function call(
    method: string,
    path: string,
    key: string,
    body?: unknown,
    // biome-ignore lint/suspicious/noExplicitAny: answers are read field by field
  ): Promise<{ status: number; json: any; res: Response }> {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: await res.json(), res };
  }

  it('shows a finding with its status, first and last seen and occurrences, and no triage while open', async () => {
    const { status, json } = await call('GET', `/api/v1/findings/${ids['CVE-2024-0001']}`, keys.read);
    expect(status).toBe(200);
    expect(storedFindingSchema.parse(json)).toMatchObject({
      id: ids['CVE-2024-0001'],
      ruleId: 'CVE-2024-0001',
      severity: 'critical',
      status: 'open',
      occurrences: 1,
      firstSeenAt: expect.any(String),
      lastSeenAt: expect.any(String),
    });
    expect(json.triage).toBeUndefined();
    expect(json).not.toHaveProperty('tenantId');
    expect(json).not.toHaveProperty('triageReason');
  });

  it('marks a false positive (issue spelling): the finding and its history show who, when and why', async () => {
    const id = ids['js.eval'];
    const patched = await call('PATCH', `/api/v1/findings/${id}`, keys.triage, {
      status: 'false_positive',
      reason: 'eval of a constant in a test helper',
    });
    expect(patched.status).toBe(200);
    expect(patched.json.status).toBe('false-positive');
    expect(patched.json.triage).toEqual({
      reason: 'eval of a constant in a test helper',
      by: `key:${keys.triagePrefix}`,
      at: clock.toISOString(),
    });
    const read = await call('GET', `/api/v1/findings/${id}`, keys.read);
    expect(read.json.status).toBe('false-positive');
    expect(read.json.triage.by).toBe(`key:${keys.triagePrefix}`);
    const history = await call('GET', `/api/v1/findings/${id}/history`, keys.read);
    expect(history.status).toBe(200);
    expect(findingHistorySchema.parse(history.json).items).toEqual([
      {
        at: clock.toISOString(),
        actor: `key:${keys.triagePrefix}`,
        from: 'open',
        to: 'false-positive',
        reason: 'eval of a constant in a test helper',
      },
    ]);
  });

  it('accepts the hyphenated spelling, an expiry date, and reopens the finding once the date has passed', async () => {
    const id = ids['CVE-2024-0001'];
    const patched = await call('PATCH', `/api/v1/findings/${id}`, keys.admin, {
      status: 'accepted-risk',
      reason: 'no fix released yet',
      expires: '2027-06-30',
    });
    expect(patched.status).toBe(200);
    expect(patched.json.status).toBe('accepted-risk');
    expect(patched.json.triage).toMatchObject({
      reason: 'no fix released yet',
      acceptedUntil: '2027-06-30T23:59:59.999Z',
    });
    clock = new Date('2027-07-01T00:00:00.000Z');
    const read = await call('GET', `/api/v1/findings/${id}`, keys.read);
    expect(read.json.status).toBe('open');
    expect(read.json.triage).toBeUndefined();
    const history = await call('GET', `/api/v1/findings/${id}/history`, keys.read);
    expect(history.json.items.map((e: { actor: string; to: string }) => `${e.actor}:${e.to}`)).toEqual([
      expect.stringMatching(/^key:sr_.*:accepted-risk$/),
      'scanrelay:open',
    ]);
  });

  it('answers 400 naming the field: a missing reason, an expiry in the past or on a false positive, a bad status', async () => {
    const path = `/api/v1/findings/${ids['CVE-2024-0002']}`;
    const cases: [unknown, string][] = [
      [{ status: 'false_positive' }, 'reason'],
      [{ status: 'accepted_risk', reason: 'later', expires: '2020-01-01' }, 'expires'],
      [{ status: 'false_positive', reason: 'x', expires: '2030-01-01' }, 'expires'],
      [{ status: 'accepted_risk', reason: 'later', expires: 'next june' }, 'expires'],
      [{ status: 'fixed', reason: 'x' }, 'status'],
      [{ status: 'open', note: 'x' }, '(root)'],
    ];
    for (const [body, field] of cases) {
      const { status, json } = await call('PATCH', path, keys.triage, body);
      expect(status, JSON.stringify(body)).toBe(400);
      expect(json.code).toBe('VALIDATION_FAILED');
      expect(json.errors[0].path, JSON.stringify(body)).toBe(field);
    }
    expect((await call('GET', path, keys.read)).json.status).toBe('open');
  });

  it('refuses a body that is not JSON, and one past 16 KiB, before reading it as a decision', async () => {
    const path = `${url}/api/v1/findings/${ids['CVE-2024-0002']}`;
    const patch = (type: string, body: string) =>
      fetch(path, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${keys.triage}`, 'content-type': type },
        body,
      });
    const text = await patch('text/plain', '{"status":"open"}');
    expect([text.status, ((await text.json()) as { detail: string }).detail]).toEqual([
      400,
      'Unsupported Media Type',
    ]);
    const big = await patch(
      'application/json',
      JSON.stringify({ status: 'false_positive', reason: 'x'.repeat(20_000) }),
    );
    expect([big.status, ((await big.json()) as { code: string }).code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
  });

  it('needs the triage scope (403 for a read key) and hides other tenants (404)', async () => {
    const body = { status: 'false_positive', reason: 'x' };
    const refused = await call('PATCH', `/api/v1/findings/${ids['CVE-2024-0003']}`, keys.read, body);
    expect(refused.status).toBe(403);
    expect(refused.json.detail).toMatch(/"triage" scope/);
    for (const [method, path] of [
      ['GET', `/api/v1/findings/${ids.other}`],
      ['PATCH', `/api/v1/findings/${ids.other}`],
      ['GET', `/api/v1/findings/${ids.other}/history`],
      ['GET', '/api/v1/findings/not-a-finding'],
    ] as const) {
      const res = await call(method, path, keys.admin, method === 'PATCH' ? body : undefined);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.json.code).toBe('NOT_FOUND');
    }
    expect((await call('GET', `/api/v1/findings/${ids.other}`, keys.other)).json.status).toBe('open');
    const bulk = await call('PATCH', '/api/v1/projects/nowhere/findings', keys.admin, {
      filter: {},
      ...body,
    });
    expect(bulk.status).toBe(404);
  });

  it('triages every low finding of a project in one request, and the list filters find them', async () => {
    const res = await call('PATCH', '/api/v1/projects/shop/findings', keys.triage, {
      filter: { severity: 'low', kind: 'package' },
      status: 'accepted_risk',
      reason: 'dev dependencies only',
    });
    expect(res.status).toBe(200);
    expect(res.json.changed).toBe(2);
    expect([...res.json.ids].sort()).toEqual([ids['CVE-2024-0002'], ids['CVE-2024-0003']].sort());
    const list = await call('GET', '/api/v1/projects/shop/findings?status=accepted_risk&sort=id', keys.read);
    expect(list.json.items.map((f: { ruleId: string }) => f.ruleId)).toEqual([
      'CVE-2024-0002',
      'CVE-2024-0003',
    ]);
    expect(list.json.items[0].triage.reason).toBe('dev dependencies only');
    const again = await call('PATCH', '/api/v1/projects/shop/findings', keys.triage, {
      filter: { severity: ['low'], kind: 'package' },
      status: 'accepted-risk',
      reason: 'dev dependencies only',
    });
    expect(again.json).toEqual({ changed: 0, ids: [] });
  });

  it('lists findings by kind and text, sorted by severity', async () => {
    const bySeverity = await call(
      'GET',
      '/api/v1/projects/shop/findings?sort=severity&order=desc',
      keys.read,
    );
    expect(bySeverity.json.items.map((f: { severity: string }) => f.severity)).toEqual([
      'critical',
      'high',
      'low',
      'low',
      'low',
    ]);
    const source = await call('GET', '/api/v1/projects/shop/findings?kind=source&q=CRYPTO', keys.read);
    expect(source.json.items.map((f: { ruleId: string }) => f.ruleId)).toEqual(['js.weak-hash']);
    const bad = await call('GET', '/api/v1/projects/shop/findings?sort=name', keys.read);
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0].path).toBe('query.sort');
  });

  it('exports the triage decisions as an OpenVEX document', async () => {
    const { status, json, res } = await call('GET', '/api/v1/projects/shop/vex', keys.read);
    expect(status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="shop.openvex.json"');
    const doc = openVexDocumentSchema.parse(json);
    expect(doc['@context']).toBe('https://openvex.dev/ns/v0.2.0');
    const byCve = Object.fromEntries(doc.statements.map((s) => [s.vulnerability.name, s]));
    expect(Object.keys(byCve).sort()).toEqual(['CVE-2024-0002', 'CVE-2024-0003']);
    expect(byCve['CVE-2024-0002']).toMatchObject({
      status: 'affected',
      products: [{ '@id': 'pkg:npm/minimist@1.0.0' }],
      action_statement: expect.stringContaining('dev dependencies only'),
    });
    // Nothing to state (OpenVEX needs one statement), another tenant's project, no project: 404 alike.
    expect((await call('GET', '/api/v1/projects/shop/vex', keys.other)).status).toBe(404);
    expect((await call('GET', '/api/v1/projects/nowhere/vex', keys.read)).status).toBe(404);
  });
}
