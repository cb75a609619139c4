import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { scanIdFor } from '@scanrelay/core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Backend, type Backends, openBackends, type Service, startService } from './harness.js';
import { client, waitFor } from './http.js';
import { recordingDispatcher } from './service-suite.js';

const TOKEN = 'whk_results_token_0123456789';

/** secureCodeBox findings as `scanrelay invicti issues` writes them (pretty-printed, one per issue). */
const findingsJson = (names: string[]) =>
  JSON.stringify(
    names.map((name, i) => ({
      id: `00000000-0000-4000-8000-00000000000${i}`,
      name,
      category: 'Cross-site Scripting',
      severity: 'HIGH',
      location: `https://shop.example/${i}`,
      parsed_at: '2026-01-01T00:00:00.000Z',
      attributes: { parameter: 'q' },
    })),
    null,
    2,
  );

/**
 * The seed note's results workflow (issue 10, item 17): Invicti completes, the service dispatches
 * `fetch-invicti-results.yml`, which posts the bare `findings.json` with the note's exact `curl` line.
 */
export function defineResultsWorkflowCases(backend: Backend): void {
  let b: Backends;
  let svc: Service;
  let key: string;
  let tenantId: string;
  const dispatcher = recordingDispatcher();

  beforeAll(async () => {
    b = await openBackends(backend);
    svc = await startService(b, {
      worker: false,
      dispatcher,
      config: {
        invictiWebhook: {
          mode: 'workflow',
          tokens: [TOKEN],
          tenant: 'acme',
          project: 'website',
          workflow: { owner: 'acme', repo: 'security', ref: 'main' },
        },
      },
    });
    tenantId = (await b.store.tenants.getOrCreate('acme')).id;
    key = (await b.store.apiKeys.create(tenantId, { name: 'gha', scopes: ['upload', 'read'] })).key;
  });

  afterAll(async () => {
    await svc?.close();
    await b?.cleanup();
  });

  /** Invicti's completion webhook, up to the dispatched workflow; the scan is then known as awaiting results. */
  async function complete(invictiScanId: string, project = 'website'): Promise<void> {
    const res = await client(svc.url).postJson(
      `/api/v1/webhooks/invicti-scan-complete${project === 'website' ? '' : `?project=${project}`}`,
      { ScanId: invictiScanId },
      { authorization: `Bearer ${TOKEN}` },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    await waitFor('the workflow dispatch', async () =>
      dispatcher.requests.some((r) => (r.payload as { scan_id: string }).scan_id === invictiScanId) &&
      (await b.store.deliveries.get('invicti-scan', invictiScanId))?.outcome === 'accepted'
        ? true
        : undefined,
    );
    // The completion flow records the scan as awaiting its results.
    const scan = await b.store.scans.get(tenantId, scanIdFor(tenantId, 'invicti', invictiScanId));
    expect(scan?.status).toBe('running');
  }

  /** The seed's step 5 as written (`-d @file`, which strips newlines), or without its Content-Type. */
  async function curl(file: string, url: string, contentType = true) {
    const args = ['-s', '-w', '\n%{http_code}', '-X', 'POST'];
    if (contentType) args.push('-H', 'Content-Type: application/json');
    args.push('-H', `Authorization: Bearer ${key}`, '-d', `@${file}`, url);
    const { stdout } = await promisify(execFile)('curl', args);
    const lines = stdout.trimEnd().split('\n');
    return { status: Number(lines.at(-1)), body: JSON.parse(lines.slice(0, -1).join('\n')) };
  }

  it('ingests the bare findings.json posted by the note’s exact curl line into the completed scan', async () => {
    const invictiScanId = crypto.randomUUID();
    await complete(invictiScanId);
    const file = path.join(b.dataDir, 'findings.json');
    writeFileSync(file, findingsJson(['Reflected XSS', 'Stored XSS']));
    const res = await curl(file, `${svc.url}/v1/findings`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      scanId: scanIdFor(tenantId, 'invicti', invictiScanId),
      project: 'website',
      replayed: false,
      created: 2,
      counts: { high: 2 },
    });
    const scan = await client(svc.url, key).get(`/api/v1/scans/${res.body.scanId}`);
    expect(scan.body).toMatchObject({ status: 'completed', externalId: invictiScanId, provider: 'invicti' });

    // Posted again: nothing awaits results any more, so the scan must be named; then it is a replay.
    const again = await curl(file, `${svc.url}/v1/findings`);
    expect(again.status).toBe(400);
    expect(again.body.errors[0].path).toBe('query.scan_id');
    const named = await curl(file, `${svc.url}/v1/findings?scan_id=${invictiScanId}`, false);
    expect(named.status, JSON.stringify(named.body)).toBe(200);
    expect(named.body).toMatchObject({ scanId: res.body.scanId, replayed: true, project: 'website' });
  });

  it('asks for scan_id when several completions await results, and takes project and scan_id from the query', async () => {
    const [one, two] = [crypto.randomUUID(), crypto.randomUUID()];
    await complete(one, 'portal');
    await complete(two, 'portal');
    const http = client(svc.url, key);
    const body = JSON.parse(findingsJson(['Open redirect']));
    const ambiguous = await http.postJson('/api/v1/findings?project=portal', body);
    expect(ambiguous.status).toBe(400);
    expect(ambiguous.body.detail).toMatch(/scan_id/);
    const other = await http.postJson('/api/v1/findings?project=elsewhere', body);
    expect(other.status).toBe(400);
    expect(other.body.errors[0].path).toBe('query.scan_id');
    const res = await http.postJson(`/api/v1/findings?project=portal&scan_id=${two}`, body);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      project: 'portal',
      created: 1,
      scanId: scanIdFor(tenantId, 'invicti', two),
    });
    // One left awaiting: found without scan_id, in its project, whether or not the project is named.
    const last = await http.postJson('/v1/findings', body);
    expect(last.body).toMatchObject({ project: 'portal', scanId: scanIdFor(tenantId, 'invicti', one) });
    // A scan id the service never heard of goes to the project named, else the webhook's.
    const unknown = await http.postJson(`/v1/findings?scan_id=${crypto.randomUUID()}`, body);
    expect(unknown.body).toMatchObject({ project: 'website', created: 1 });
  });
}
