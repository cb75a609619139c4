import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanrelayClient } from './create-client.js';

interface Seen {
  method: string;
  url: string;
  auth?: string;
  body: string;
}

const counts = { critical: 1, high: 0, medium: 0, low: 0, info: 0 };
const entry = {
  id: 'b1',
  project: 'a/b',
  threatType: 'external-sast',
  severity: 'critical',
  reason: 'patterns found 1 critical findings',
  discoveredBy: 'external-scan',
  active: true,
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
};
const publishAnswer = {
  project: 'a/b',
  repoUrl: 'https://example.com/a/b.git',
  scans: [{ provider: 'patterns', scanId: 's1', backend: 'local', status: 'pending', jobId: 'j1' }],
  skipped: [],
};

/** What the fake API answers per `METHOD path`; anything else is a 404 problem. */
const ANSWERS: Record<string, { status: number; body: unknown; headers?: Record<string, string> }> = {
  'POST /api/v1/projects/a%2Fb/publish': { status: 202, body: publishAnswer },
  'POST /api/v1/admin/skills/publish': { status: 202, body: publishAnswer },
  'POST /api/v1/projects/busy/publish': {
    status: 429,
    headers: { 'retry-after': '120', 'content-type': 'application/problem+json' },
    body: {
      type: 'x',
      title: 'Too many requests',
      status: 429,
      detail: 'budget spent',
      code: 'RATE_LIMITED',
    },
  },
  'GET /api/v1/projects/a%2Fb/security': {
    status: 200,
    body: {
      project: 'a/b',
      verdict: 'fail',
      blocked: true,
      blocklist: [entry],
      providers: [
        {
          provider: 'patterns',
          status: 'completed',
          scanId: 's1',
          dispatchedAt: '2025-01-01T00:00:00.000Z',
          verdict: 'fail',
          counts,
          commitSha: 'a'.repeat(40),
          attested: false,
        },
      ],
      counts,
      findings: [
        { severity: 'critical', items: [{ provider: 'patterns', severity: 'critical', title: 'eval' }] },
      ],
      findingsTruncated: false,
      pagePath: '/projects/a%2Fb/security',
    },
  },
  'GET /api/v1/blocklist/a%2Fb': { status: 200, body: { project: 'a/b', blocked: true, entries: [entry] } },
  'GET /api/v1/blocklist': { status: 200, body: { items: [entry] } },
  'DELETE /api/v1/blocklist/a%2Fb': { status: 200, body: { project: 'a/b', lifted: 1 } },
  'GET /api/v1/attestation-keys': {
    status: 200,
    body: { keys: [{ keyId: 'sha256:00', algorithm: 'ed25519', publicKey: 'PEM' }] },
  },
  'GET /api/v1/blocklist/broken': { status: 200, body: { project: 'broken', blocked: 'yes', entries: [] } },
};

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

describe('the SAST methods of the client, against an HTTP server on loopback', () => {
  const seen: Seen[] = [];
  let server: Server;
  let baseUrl = '';
  beforeAll(async () => {
    server = createServer(async (req, res) => {
      const body = await readBody(req);
      seen.push({ method: req.method ?? '', url: req.url ?? '', auth: req.headers.authorization, body });
      const answer = ANSWERS[`${req.method} ${req.url}`] ?? {
        status: 404,
        body: { type: 'x', title: 'Not found', status: 404, detail: 'no such thing', code: 'NOT_FOUND' },
      };
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(JSON.stringify(answer.body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const api = () => createScanrelayClient({ baseUrl, apiKey: 'sr_key', retries: 0 });
  const last = () => seen.at(-1)!;

  it('publishes with the body as JSON, the project name encoded in the path', async () => {
    const answer = await api().publish('a/b', {
      repoUrl: 'https://example.com/a/b.git',
      providers: ['patterns'],
    });
    expect(answer.scans[0]).toMatchObject({ scanId: 's1', status: 'pending' });
    expect(last()).toMatchObject({
      method: 'POST',
      url: '/api/v1/projects/a%2Fb/publish',
      auth: 'Bearer sr_key',
    });
    expect(JSON.parse(last().body)).toEqual({
      repoUrl: 'https://example.com/a/b.git',
      providers: ['patterns'],
    });
    await api().skillsPublish({ skill_name: 'a/b', repo_url: 'https://example.com/a/b.git' });
    expect(last()).toMatchObject({ method: 'POST', url: '/api/v1/admin/skills/publish' });
    expect(JSON.parse(last().body)).toEqual({ skill_name: 'a/b', repo_url: 'https://example.com/a/b.git' });
  });

  it('turns a 429 into RATE_LIMITED with retryAfter, and does not retry a publish', async () => {
    const before = seen.length;
    const client = createScanrelayClient({ baseUrl, apiKey: 'sr_key', retries: 2 });
    const err = await client
      .publish('busy', { repoUrl: 'https://example.com/x.git' })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'RATE_LIMITED', status: 429, retryAfter: 120, retryable: true });
    expect(seen.length - before).toBe(1);
  });

  it('reads the security view, the blocklist and the attestation keys, and lifts the blocklist', async () => {
    expect((await api().projectSecurity('a/b')).providers[0]?.commitSha).toBe('a'.repeat(40));
    expect(await api().projectBlocklist('a/b')).toMatchObject({ blocked: true, entries: [{ id: 'b1' }] });
    expect((await api().listBlocklist()).items).toHaveLength(1);
    expect(await api().liftBlocklist('a/b')).toEqual({ project: 'a/b', lifted: 1 });
    expect(last()).toMatchObject({ method: 'DELETE', url: '/api/v1/blocklist/a%2Fb' });
    expect((await api().attestationKeys()).keys[0]?.algorithm).toBe('ed25519');
  });

  it('refuses an answer that is not the documented shape, and passes problems on', async () => {
    await expect(api().projectBlocklist('broken')).rejects.toMatchObject({ code: 'invalid_response' });
    await expect(api().projectSecurity('missing')).rejects.toMatchObject({ code: 'NOT_FOUND', status: 404 });
  });
});
