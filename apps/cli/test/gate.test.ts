import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ProjectSecurity } from '@scanrelay/client';
import { runCli } from '@scanrelay/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const KEY = 'sr_gate-test-key-7f3a9c';
const COMMIT = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
const NONE = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };

/**
 * A security view as the API sends it. The CLI's client validates every answer against the shared
 * schema, so a view that drifted from it would read as "unavailable" and fail these tests.
 */
function view(project: string, over: Partial<ProjectSecurity>): ProjectSecurity {
  return {
    project,
    repoUrl: `https://git.example.com/acme/${project}.git`,
    verdict: 'pass',
    blocked: false,
    blocklist: [],
    providers: [
      {
        provider: 'patterns',
        status: 'completed',
        scanId: `scan-${project}`,
        dispatchedAt: '2026-01-05T10:00:00.000Z',
        verdict: 'pass',
        counts: NONE,
        commitSha: COMMIT,
        attested: true,
      },
    ],
    counts: NONE,
    findings: [],
    findingsTruncated: false,
    pagePath: `/projects/${project}/security`,
    ...over,
  };
}

const VIEWS: Record<string, ProjectSecurity> = {
  clean: view('clean', {}),
  blocked: view('blocked', {
    verdict: 'fail',
    blocked: true,
    counts: { ...NONE, critical: 2 },
    blocklist: [
      {
        id: 'bl-1',
        project: 'blocked',
        threatType: 'external-sast',
        severity: 'critical',
        reason: 'patterns found 2 critical findings',
        discoveredBy: 'external-scan',
        active: true,
        createdAt: '2026-01-05T10:01:00.000Z',
        updatedAt: '2026-01-05T10:01:00.000Z',
      },
    ],
  }),
  risky: view('risky', { verdict: 'fail', counts: { ...NONE, high: 1, medium: 3 } }),
  pending: view('pending', {
    verdict: 'pending',
    providers: [
      {
        provider: 'patterns',
        status: 'pending',
        scanId: 'scan-p',
        dispatchedAt: '2026-01-05T10:00:00.000Z',
        counts: NONE,
        attested: false,
      },
    ],
  }),
  never: view('never', { verdict: 'none', providers: [] }),
};

let service: Server;
let url = '';
/** A port nothing listens on: a server was bound there and closed. */
let closedUrl = '';
const requests: string[] = [];

function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    ),
  );
}

beforeAll(async () => {
  service = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const problem = (status: number, code: string, detail: string) =>
      res
        .writeHead(status, { 'content-type': 'application/problem+json' })
        .end(JSON.stringify({ type: 'about:blank', title: code, status, code, detail }));
    if (req.headers.authorization === 'Bearer sr_read-less-key-000000')
      return problem(403, 'FORBIDDEN', 'needs scope read');
    if (req.headers.authorization !== `Bearer ${KEY}`) return problem(401, 'UNAUTHORIZED', 'invalid API key');
    const m = /^\/api\/v1\/projects\/([a-z-]+)\/security$/.exec(req.url ?? '');
    if (m?.[1] === 'broken') return problem(503, 'SERVICE_UNAVAILABLE', 'database unreachable');
    const body = m ? VIEWS[m[1]!] : undefined;
    if (!body) return problem(404, 'NOT_FOUND', 'no such project');
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  url = await listen(service);
  const closed = createServer();
  closedUrl = await listen(closed);
  await new Promise((r) => closed.close(r));
});

afterAll(async () => {
  await new Promise((r) => service?.close(r));
});

async function gate(args: string[], apiUrl = url, key = KEY) {
  const res = await runCli(['gate', ...args], { env: { SCANRELAY_API_URL: apiUrl, SCANRELAY_API_KEY: key } });
  return res;
}

describe('scanrelay gate', () => {
  it('exits 1 with the reason and the security page link when the project is blocklisted', async () => {
    const res = await gate(['--project', 'blocked']);
    expect(res.code, res.stderr).toBe(1);
    expect(res.stdout).toContain('blocked FAILS: blocklisted: patterns found 2 critical findings');
    expect(res.stdout).toContain(`see ${url}/projects/blocked/security`);
    expect(requests).toContain('GET /api/v1/projects/blocked/security');
  });

  it('exits 0 when nothing reaches --fail-on, and 1 when --fail-on high meets a high finding', async () => {
    const [clean, riskyDefault, riskyHigh, riskyMedium] = await Promise.all([
      gate(['--project', 'clean']),
      gate(['--project', 'risky']),
      gate(['--project', 'risky', '--fail-on', 'high']),
      gate(['--project', 'risky', '--fail-on', 'medium', '--json']),
    ]);
    expect(clean.code, clean.stderr).toBe(0);
    expect(clean.stdout).toContain('clean passes: no finding at or above critical from patterns');
    expect(riskyDefault.code, riskyDefault.stderr).toBe(0);
    expect(riskyHigh.code).toBe(1);
    expect(riskyHigh.stdout).toContain('risky FAILS: 1 high finding(s), at or above --fail-on high');
    expect(riskyHigh.stdout).toContain(`${url}/projects/risky/security`);
    expect(riskyMedium.code).toBe(1);
    expect(JSON.parse(riskyMedium.stdout)).toMatchObject({
      project: 'risky',
      outcome: 'fail',
      exitCode: 1,
      reason: '1 high, 3 medium finding(s), at or above --fail-on medium',
      pageUrl: `${url}/projects/risky/security`,
      failOn: 'medium',
      counts: { critical: 0, high: 1, medium: 3 },
      providers: [{ provider: 'patterns', status: 'completed', verdict: 'pass', commitSha: COMMIT }],
    });
  });

  it('passes a pending scan and a never-scanned project with a warning; --strict fails them', async () => {
    const [pending, pendingStrict, never, neverStrict] = await Promise.all([
      gate(['--project', 'pending']),
      gate(['--project', 'pending', '--strict']),
      gate(['--project', 'never']),
      gate(['--project', 'never', '--strict', '--json']),
    ]);
    expect(pending.code, pending.stderr).toBe(0);
    expect(pending.stderr).toContain(
      'warning: pending: no result yet from patterns (pending); passing without a verdict',
    );
    expect(pendingStrict.code).toBe(1);
    expect(pendingStrict.stdout).toContain(`see ${url}/projects/pending/security`);
    expect(never.code, never.stderr).toBe(0);
    expect(never.stderr).toContain('the project has never been scanned');
    expect(neverStrict.code).toBe(1);
    expect(JSON.parse(neverStrict.stdout)).toMatchObject({
      outcome: 'unverified',
      exitCode: 1,
      strict: true,
    });
  });

  it('does not gate when the service is unreachable or failing (exit 0 with a warning), --strict exits 1', async () => {
    const [closed, closedStrict, broken, brokenStrict] = await Promise.all([
      gate(['--project', 'clean', '--timeout', '5s'], closedUrl),
      gate(['--project', 'clean', '--strict', '--timeout', '5s'], closedUrl),
      gate(['--project', 'broken']),
      gate(['--project', 'broken', '--strict', '--json']),
    ]);
    expect(closed.code, closed.stderr).toBe(0);
    expect(closed.stderr).toMatch(
      /warning: clean: the scanrelay service is unavailable \(cannot reach the scanrelay API.*\); not gating/,
    );
    expect(closedStrict.code).toBe(1);
    expect(closedStrict.stderr).not.toContain('not gating');
    expect(broken.code, broken.stderr).toBe(0);
    expect(broken.stderr).toContain('unavailable (503 database unreachable); not gating');
    expect(brokenStrict.code).toBe(1);
    expect(JSON.parse(brokenStrict.stdout)).toMatchObject({ outcome: 'unavailable', exitCode: 1 });
  });

  it('exits 2 naming the problem when the key is refused (401) or lacks the read scope (403)', async () => {
    const [unknown, readless, noKey, badFailOn] = await Promise.all([
      gate(['--project', 'clean'], url, 'sr_wrong-key-00000000'),
      gate(['--project', 'clean', '--strict'], url, 'sr_read-less-key-000000'),
      runCli(['gate', '--project', 'clean'], { env: { SCANRELAY_API_URL: url, SCANRELAY_API_KEY: '' } }),
      gate(['--project', 'clean', '--fail-on', 'low']),
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('the API key was refused (401');
    expect(readless.code).toBe(2);
    expect(readless.stderr).toContain('403: it needs the read scope');
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain('apiKey: no API key');
    expect(badFailOn.code).toBe(2);
    expect(badFailOn.stderr).toContain('--fail-on: expected one of critical, high, medium, got "low"');
  });

  it('documents the defaults in its help', async () => {
    const help = await runCli(['gate', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--strict/);
    expect(help.stdout).toContain('the service is unreachable (network error, timeout, 5xx)');
    expect(help.stdout).toContain('a scan is pending, running, failed or timed out');
  });
});
