import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { keyIdOf } from '@scanrelay/sast-runners';
import { apiRequest, runCli, waitFor } from '@scanrelay/test-utils';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readSecurityPage, testResultPath } from './sast-e2e-page.js';
import { type Backend, PROVIDERS, type SastE2eService, startSastE2eService } from './sast-e2e-service.js';

// biome-ignore lint/suspicious/noExplicitAny: API answers are read field by field
type Json = any;

const HEX40 = /^[0-9a-f]{40}$/;

/**
 * External SAST end to end against `scanrelay serve` as a process: a vulnerable repository served over
 * git's smart HTTP on loopback is published, scanned by each backend (the service's own worker, a
 * GitHub workflow the test plays from the fake GitHub's recorded dispatch, the scanner worker), and its
 * signed results are read back through the API, `scanrelay gate` and the HTML page in Chromium.
 */
export function defineSastE2eCases(backend: Backend): void {
  let svc: SastE2eService;

  beforeAll(async () => {
    svc = await startSastE2eService(backend);
  }, 120_000);

  afterAll(async () => {
    await svc?.close();
  });

  const api = (method: 'GET' | 'POST', p: string, body?: unknown) => apiRequest(svc, method, p, body);

  /** The project's security view once `provider` has a result for `scanId` (a failed or timed-out scan throws). */
  async function resultOf(project: string, provider: string, scanId: string): Promise<Json> {
    return waitFor(
      `${provider}'s result for ${project}`,
      async () => {
        const { status, json } = await api('GET', `/api/v1/projects/${project}/security`);
        expect(status, JSON.stringify(json)).toBe(200);
        const p = json.providers.find((x: Json) => x.provider === provider);
        if (p?.status === 'failed' || p?.status === 'timed_out')
          throw new Error(`${provider} scan ${p.status}: ${p.error}\n${svc.log()}`);
        return p?.status === 'completed' && p.scanId === scanId ? json : undefined;
      },
      90_000,
      100,
    );
  }

  const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    runCli(args, { env: { ...svc.clientEnv(), ...env }, cwd: svc.dir });

  it('publishes with the CLI, scans in its own worker, records the signed attested result at the commit, blocklists, gates and shows it', async () => {
    expect(svc.log()).toMatch(
      backend === 'postgres' ? /database postgres\S* .*queue bullmq/ : /scanrelay\.db, queue embedded/,
    );
    const published = await cli([
      'publish',
      '--project',
      'skill',
      '--repo',
      svc.repo.repoUrl,
      '--provider',
      'patterns',
    ]);
    expect(published.code, published.stderr).toBe(0);
    const scanId = /patterns: scan (\S+) dispatched to local/.exec(published.stdout)?.[1];
    expect(scanId, published.stdout).toBeDefined();

    const view = await resultOf('skill', PROVIDERS.local, scanId!);
    const [patterns] = view.providers;
    expect(svc.commit).toMatch(HEX40);
    expect(patterns).toMatchObject({
      provider: 'patterns',
      status: 'completed',
      scanId,
      resultScanId: scanId,
      verdict: 'fail',
      commitSha: svc.commit,
      attested: true,
      counts: { critical: 2, high: 1, medium: 0, low: 0, info: 0 },
    });
    expect(patterns.commitUrl).toMatch(new RegExp(`/commit/${svc.commit}$`));
    expect(view).toMatchObject({
      project: 'skill',
      verdict: 'fail',
      blocked: true,
      counts: { critical: 2, high: 1 },
    });
    expect(view.blocklist).toEqual([
      expect.objectContaining({
        threatType: 'external-sast',
        severity: 'critical',
        reason: 'patterns found 2 critical findings',
        discoveredBy: 'external-scan',
        active: true,
      }),
    ]);
    const critical = view.findings.find((g: Json) => g.severity === 'critical');
    expect(critical.items.map((f: Json) => f.file).sort()).toEqual(['fetch.py', 'index.js']);

    // The result was attested with the service's signing key: generated into the data dir, or configured.
    const signing =
      svc.configuredPublicKey ?? readFileSync(path.join(svc.dataDir, 'sast-signing.key'), 'utf8');
    const { json: keys } = await api('GET', '/api/v1/attestation-keys');
    expect(keys.keys.map((k: Json) => k.keyId)).toContain(keyIdOf(signing));
    if (backend === 'sqlite')
      for (const file of ['sast-signing.key', 'sast-callback.secret'])
        expect(statSync(path.join(svc.dataDir, file)).mode & 0o777, file).toBe(0o600);

    const pageUrl = `${svc.url}/projects/skill/security`;
    const gate = await cli(['gate', '--project', 'skill']);
    expect(gate.code, gate.stderr).toBe(1);
    expect(gate.stdout).toContain('skill FAILS: blocklisted: patterns found 2 critical findings');
    expect(gate.stdout).toContain(pageUrl);

    const shot = testResultPath(
      backend === 'sqlite' ? 'sast-security-page.png' : 'sast-security-page-postgres.png',
    );
    const page = await readSecurityPage(pageUrl, svc.apiKey, svc.commit, shot);
    expect(page.status).toBe(200);
    expect(page.verdict).toBe('Verdict: fail');
    expect(page.banner).toContain('patterns found 2 critical findings');
    expect(page.totals).toEqual(['2', '1', '0', '0', '0']);
    expect(page.commitLinks).toContainEqual({ text: svc.commit.slice(0, 7), href: patterns.commitUrl });
    expect(page.foreignRequests).toEqual([]);
    expect(statSync(shot).size).toBeGreaterThan(0);
  });

  it('dispatches a GitHub provider, skips a second publish while it is pending, and records the workflow result', async () => {
    const first = await api('POST', '/api/v1/projects/skill-gh/publish', {
      repoUrl: svc.repo.repoUrl,
      providers: [PROVIDERS.github],
    });
    expect(first.status, JSON.stringify(first.json)).toBe(202);
    const [scan] = first.json.scans;
    expect(scan).toMatchObject({ provider: 'bandit', backend: 'github', status: 'pending' });

    const dispatched = svc.github.dispatches.filter((d) => d.inputs.scan_id === scan.scanId);
    expect(dispatched).toHaveLength(1);
    const [dispatch] = dispatched;
    expect(dispatch).toMatchObject({
      kind: 'repository_dispatch',
      owner: 'acme',
      repo: 'scanners',
      eventType: 'external-scan',
    });
    const payload = dispatch!.inputs as Record<string, string>;
    expect(payload).toMatchObject({
      project: 'skill-gh',
      repo_url: svc.repo.repoUrl,
      provider: 'bandit',
      callback_url: `${svc.url}/api/v1/webhooks/scan-results`,
    });
    expect(JSON.stringify(payload)).not.toContain(svc.callbackSecret());

    // A second publish while the scan is pending: skipped, nothing dispatched again.
    const again = await cli([
      'publish',
      '--project',
      'skill-gh',
      '--repo',
      svc.repo.repoUrl,
      '--provider',
      'bandit',
    ]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(new RegExp(`bandit: skipped, .*\\(scan ${scan.scanId}\\)`));
    expect(svc.github.dispatches.filter((d) => d.inputs.project === 'skill-gh')).toHaveLength(1);

    // The gate does not block on a pending scan unless --strict.
    const [pending, strict] = await Promise.all([
      cli(['gate', '--project', 'skill-gh']),
      cli(['gate', '--project', 'skill-gh', '--strict']),
    ]);
    expect(pending.code, pending.stderr).toBe(0);
    expect(pending.stderr).toContain('no result yet from bandit (pending)');
    expect(strict.code).toBe(1);

    // The workflow's step, as .github/workflows/external-scan.yml runs it with the payload.
    const ran = await runCli(
      [
        'sast',
        '--provider',
        payload.provider!,
        '--repo',
        payload.repo_url!,
        '--project',
        payload.project!,
        '--scan-id',
        payload.scan_id!,
        '--format',
        'json',
        '--output',
        path.join(svc.dir, 'result-bandit.json'),
        '--callback-url',
        payload.callback_url!,
        '--callback-secret-env',
        'SCANRELAY_CALLBACK_SECRET',
      ],
      {
        env: {
          SCANRELAY_CALLBACK_SECRET: svc.callbackSecret(),
          SCANRELAY_ALLOW_PRIVATE_URLS: 'true',
          SCANRELAY_ALLOW_HTTP_URLS: 'true',
        },
      },
    );
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.stderr).toContain('result delivered to the callback');

    const view = await resultOf('skill-gh', PROVIDERS.github, scan.scanId);
    expect(view.providers).toEqual([
      expect.objectContaining({
        provider: 'bandit',
        status: 'completed',
        verdict: 'pass',
        commitSha: svc.commit,
        attested: false,
        counts: { critical: 0, high: 0, medium: 2, low: 0, info: 0 },
      }),
    ]);
    expect(view).toMatchObject({ verdict: 'pass', blocked: false });
    const gate = await cli(['gate', '--project', 'skill-gh', '--strict', '--fail-on', 'medium']);
    expect(gate.code).toBe(1);
    expect(gate.stdout).toContain('2 medium finding(s), at or above --fail-on medium');
  });

  it('sends a scanner-worker provider to the scanner worker, whose signed result is recorded', async () => {
    const { status, json } = await api('POST', '/api/v1/projects/skill-sw/publish', {
      repoUrl: svc.repo.repoUrl,
      providers: [PROVIDERS.scannerWorker],
    });
    expect(status, JSON.stringify(json)).toBe(202);
    const [scan] = json.scans;
    expect(scan).toMatchObject({ provider: 'shellcheck', backend: 'scanner-worker', status: 'pending' });
    const view = await resultOf('skill-sw', PROVIDERS.scannerWorker, scan.scanId);
    expect(view.providers).toEqual([
      expect.objectContaining({
        provider: 'shellcheck',
        status: 'completed',
        commitSha: svc.commit,
        counts: { critical: 0, high: 0, medium: 1, low: 2, info: 0 },
      }),
    ]);
    const gate = await cli(['gate', '--project', 'skill-sw']);
    expect(gate.code, gate.stderr).toBe(0);
    expect(gate.stdout).toContain('skill-sw passes');
  });
}
