import path from 'node:path';
import { apiRequest, repoRoot, waitFor } from '@scanrelay/test-utils';
import { createFakeInvicti, type FakeInvicti } from '@scanrelay/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ActionService, startActionService } from './support/action-service.js';
import { runBundledAction } from './support/run-action.js';

const LOOPBACK = { SCANRELAY_ALLOW_PRIVATE_URLS: 'true', SCANRELAY_ALLOW_HTTP_URLS: 'true' };
let svc: ActionService;
let invicti: FakeInvicti;

beforeAll(async () => {
  svc = await startActionService();
  invicti = await createFakeInvicti({ userId: 'u1', apiToken: 'invicti-token-5f2a', plan: { issues: 12 } });
}, 120_000);
afterAll(async () => {
  await invicti?.close();
  await svc?.close();
});

const api = (method: 'GET' | 'POST', p: string, body?: unknown) => apiRequest(svc, method, p, body);

const action = (inputs: Record<string, string>, env: Record<string, string> = {}) =>
  runBundledAction(inputs, { workspace: svc.dir, env });

describe('the bundled Action against scanrelay serve on loopback', () => {
  it('upload: waits for the ingest, outputs job, scan and counts, fails on a critical finding', async () => {
    const run = await action({
      command: 'upload',
      'api-url': svc.url,
      'api-key': svc.apiKey,
      'report-file': path.join(repoRoot, 'examples/trivy-sample.json'),
      project: 'shop',
    });
    expect(run.code, run.stdout).toBe(1);
    expect(run.masks).toContain(svc.apiKey);
    expect(run.outputs).toMatchObject({
      verdict: 'fail',
      'job-id': expect.any(String),
      'scan-id': expect.any(String),
      counts: JSON.stringify({ critical: 1, high: 2, medium: 1, low: 0, info: 0 }),
      critical: '1',
      high: '2',
    });
    const scan = await api('GET', `/api/v1/scans/${run.outputs['scan-id']}`);
    expect(scan.json).toMatchObject({ project: 'shop' });
    expect(run.annotations.map((a) => [a.level, a.properties.title])).toEqual([
      ['error', 'critical: CVE-2022-24999 qs 6.5.2'],
      ['error', expect.stringMatching(/^high: /)],
      ['error', expect.stringMatching(/^high: /)],
      ['warning', 'medium: CVE-2023-5678 libssl3 3.1.3-r0'],
      ['error', undefined],
    ]);
    expect(run.annotations.at(-1)?.message).toBe(
      'scanrelay upload: fail: 1 critical finding(s), at or above fail-on critical',
    );
    expect(run.summary).toContain(`job \`${run.outputs['job-id']}\` · scan \`${run.outputs['scan-id']}\``);
    expect(run.summary).toContain('| 1 | 2 | 1 | 0 | 0 | 4 |');
  });

  it('upload with wait false: returns the job id at once, verdict pending', async () => {
    const run = await action({
      command: 'upload',
      'api-url': svc.url,
      'api-key': svc.apiKey,
      'report-file': path.join(repoRoot, 'examples/trivy-sample.json'),
      project: 'later',
      wait: 'false',
    });
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs).toEqual({ verdict: 'pending', 'job-id': expect.any(String) });
    const job = await api('GET', `/api/v1/jobs/${run.outputs['job-id']}`);
    expect(job.status).toBe(200);
  });

  it('sast then gate: scans the dispatched repository, posts the signed result, and the gate fails the project', async () => {
    const published = await api('POST', '/api/v1/projects/skill/publish', {
      repoUrl: svc.repo.repoUrl,
      providers: ['patterns'],
    });
    expect(published.status, JSON.stringify(published.json)).toBe(202);
    const dispatch = svc.github.dispatches.at(-1);
    const payload = (dispatch?.inputs ?? {}) as Record<string, string>;
    expect(payload).toMatchObject({ project: 'skill', provider: 'patterns', repo_url: svc.repo.repoUrl });
    const before = await action({
      command: 'gate',
      'api-url': svc.url,
      'api-key': svc.apiKey,
      project: 'skill',
    });
    expect(before.code, before.stdout).toBe(0);
    expect(before.outputs.verdict).toBe('unverified');

    // The workflow's step, with the payload as external-scan.yml passes it.
    const scan = await action(
      {
        command: 'sast',
        provider: payload.provider ?? '',
        'repo-url': payload.repo_url ?? '',
        project: payload.project ?? '',
        'scan-id': payload.scan_id ?? '',
        'callback-url': payload.callback_url ?? '',
        'callback-secret': svc.callbackSecret(),
        'result-file': 'result-patterns.json',
        'fail-on': 'none',
      },
      LOOPBACK,
    );
    expect(scan.code, scan.stdout).toBe(0);
    expect(scan.masks).toContain(svc.callbackSecret());
    expect(scan.outputs).toMatchObject({ verdict: 'pass', 'scan-id': payload.scan_id });
    expect(Number(scan.outputs.critical)).toBeGreaterThan(0);
    expect(scan.annotations[0]).toMatchObject({
      level: 'error',
      properties: { file: 'index.js', line: '1', title: expect.stringMatching(/^critical: /) },
    });
    expect(scan.summary).toContain(`at \`${svc.commit}\``);
    expect(scan.summary).toContain('Result delivered to the callback');

    await waitFor('the recorded result', async () => {
      const { json } = await api('GET', '/api/v1/projects/skill/security');
      return json.providers?.[0]?.status === 'completed';
    });
    const gate = await action({
      command: 'gate',
      'api-url': svc.url,
      'api-key': svc.apiKey,
      project: 'skill',
    });
    expect(gate.code).toBe(1);
    expect(gate.outputs).toMatchObject({ verdict: 'fail', critical: scan.outputs.critical });
    expect(gate.annotations.at(-1)?.message).toMatch(/^scanrelay gate: fail: blocklisted: /);
    expect(gate.annotations[0]?.properties).toMatchObject({ file: 'index.js', line: '1' });
    expect(gate.summary).toContain(`(${svc.url}/projects/skill/security)`);
    expect(gate.summary).toContain(`patterns: completed, fail at \`${svc.commit.slice(0, 7)}\``);
  });

  it('gate: never scanned passes with a warning, fails with strict; a refused key exits 2', async () => {
    const never = await action({
      command: 'gate',
      'api-url': svc.url,
      'api-key': svc.apiKey,
      project: 'never',
    });
    expect(never.code).toBe(0);
    expect(never.outputs.verdict).toBe('unverified');
    const strict = await action({
      command: 'gate',
      'api-url': svc.url,
      'api-key': svc.apiKey,
      project: 'never',
      strict: 'true',
    });
    expect(strict.code).toBe(1);
    const refused = await action({
      command: 'gate',
      'api-url': svc.url,
      'api-key': 'sr_unknown',
      project: 'skill',
    });
    expect(refused.code).toBe(2);
    expect(refused.outputs.verdict).toBe('refused');
    expect(refused.annotations.at(-1)?.message).toContain('the API key was refused (401');
  });

  it('invicti-issues: fetches a finished scan from Invicti and posts its findings to the project', async () => {
    const launched = await fetch(`${invicti.url}/api/1.0/scans/new`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from('u1:invicti-token-5f2a').toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ TargetUri: 'https://shop.example.com/' }),
    });
    const [scan] = (await launched.json()) as { Id: string }[];
    invicti.advance(60_000);
    const run = await action({
      command: 'invicti-issues',
      'scan-id': scan?.Id ?? '',
      'invicti-url': invicti.url,
      'invicti-user-id': 'u1',
      'invicti-api-token': 'invicti-token-5f2a',
      'api-url': svc.url,
      'api-key': svc.apiKey,
      project: 'web',
      'fail-on': 'none',
    });
    expect(run.code, run.stdout).toBe(0);
    expect(run.masks).toEqual(expect.arrayContaining(['invicti-token-5f2a', svc.apiKey]));
    const logged = run.stdout.split('\n').filter((line) => !line.startsWith('::add-mask::'));
    expect(logged.join('\n')).not.toContain('invicti-token-5f2a');
    expect(run.outputs['scan-id']).toBe(scan?.Id);
    const counts = JSON.parse(run.outputs.counts ?? '{}') as Record<string, number>;
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(12);
    expect(run.summary).toMatch(/Posted to scanrelay project web: scan `[^`]+`, 12 new, 12 in all/);
    const findings = await api('GET', '/api/v1/projects/web/findings?limit=100');
    expect(findings.json.items).toHaveLength(12);
  });
});
