import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanrelayClient } from './create-client.js';

const finding = {
  id: 'f1',
  fingerprint: 'fp',
  tool: 'trivy',
  scanner: 'trivy',
  ruleId: 'CVE-2024-0001',
  severity: 'high',
  status: 'false-positive',
  occurrences: 1,
  firstSeenAt: '2026-01-01T00:00:00.000Z',
  lastSeenAt: '2026-01-02T00:00:00.000Z',
  firstScanId: 's1',
  lastScanId: 's2',
  triage: { reason: 'not reachable', by: 'key:sr_AbCdEfGhI', at: '2026-01-03T00:00:00.000Z' },
  finding: {
    id: '903245aa-7f30-47ce-8c06-c27277a123f0',
    fingerprint: '7b6622d879bfb21f428fe9e454fd556ca407a33e248e9dd2e684541356a02d7c',
    tool: { id: 'trivy', name: 'Trivy' },
    ruleId: 'CVE-2024-0001',
    name: 'CVE-2024-0001 in lodash',
    severity: 'high',
    category: 'vulnerability',
    location: { kind: 'package', name: 'lodash', version: '4.17.20' },
    cwe: [],
    cve: ['CVE-2024-0001'],
    references: [],
    occurrences: 1,
    attributes: {},
  },
};

/** What the fake API answers per `METHOD path`. */
const ANSWERS: Record<string, unknown> = {
  'PATCH /api/v1/findings/a%2Fb': finding,
  'GET /api/v1/findings/f1': finding,
  'PATCH /api/v1/projects/shop%2Fweb/findings': { changed: 1, ids: ['f1'] },
  'GET /api/v1/projects/shop/vex': { '@context': 'https://openvex.dev/ns/v0.2.0', statements: [] },
};

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

describe('the triage methods of the client, against an HTTP server on loopback', () => {
  const seen: { method: string; url: string; body: string }[] = [];
  let server: Server;
  let baseUrl = '';
  beforeAll(async () => {
    server = createServer(async (req, res) => {
      const body = await readBody(req);
      seen.push({ method: req.method ?? '', url: req.url ?? '', body });
      const answer = ANSWERS[`${req.method} ${req.url}`];
      res.writeHead(answer ? 200 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer ?? { title: 'Not found', status: 404, detail: 'no', code: 'NOT_FOUND' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const api = () => createScanrelayClient({ baseUrl, apiKey: 'sr_key', retries: 0 });

  it('PATCHes the decision as sent, with the id and project encoded in the path', async () => {
    const triaged = await api().triageFinding('a/b', { status: 'false_positive', reason: 'not reachable' });
    expect(triaged.triage?.by).toBe('key:sr_AbCdEfGhI');
    expect(seen.at(-1)).toEqual({
      method: 'PATCH',
      url: '/api/v1/findings/a%2Fb',
      body: JSON.stringify({ status: 'false_positive', reason: 'not reachable' }),
    });
    const bulk = await api().triageFindings('shop/web', {
      filter: { severity: ['low', 'info'] },
      status: 'accepted_risk',
      reason: 'dev only',
      expires: '2027-06-30',
    });
    expect(bulk).toEqual({ changed: 1, ids: ['f1'] });
    expect(seen.at(-1)?.url).toBe('/api/v1/projects/shop%2Fweb/findings');
  });

  it('refuses a decision the API would refuse, naming the field, without a request', async () => {
    const before = seen.length;
    const err = await api()
      .triageFinding('f1', { status: 'accepted_risk', expires: 'soon' })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'invalid_request' });
    expect((err as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual(['expires']);
    const bulk = await api()
      .triageFindings('shop', { filter: { kind: 'file' as 'source' }, status: 'open' })
      .catch((e: unknown) => e);
    expect((bulk as { errors: { path: string }[] }).errors[0]?.path).toBe('filter.kind');
    expect(seen.length).toBe(before);
  });

  it('validates answers: a finding passes, a VEX document without its required fields does not', async () => {
    expect((await api().getFinding('f1')).status).toBe('false-positive');
    await expect(api().projectVex('shop')).rejects.toMatchObject({ code: 'invalid_response' });
    await expect(api().findingHistory('gone')).rejects.toMatchObject({ code: 'NOT_FOUND', status: 404 });
  });
});
