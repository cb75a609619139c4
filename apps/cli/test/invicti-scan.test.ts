import { readFileSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir, runCli, spawnCli } from '@scanrelay/test-utils';
import { createFakeInvicti, type FakeInvicti } from '@scanrelay/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLEAN_ENV, readJson, stderrContains } from './invicti-helpers.js';

// The run itself (files, requests, every outcome) is tested in-process in packages/invicti-run; these
// tests cover what the CLI adds: printing, exit codes and real signals.

const TOKEN = 'tok-Very-Secret-9f8e';
let fake: FakeInvicti;
let tmp: { dir: string; cleanup: () => void };

beforeEach(async () => {
  tmp = makeTempDir('scanrelay-invicti-');
});
afterEach(async () => {
  await fake?.close();
  tmp.cleanup();
});

const flags = () => ['--url', fake.url, '--user-id', 'cli-user', '--output-dir', tmp.dir];
const env = (extra: NodeJS.ProcessEnv = {}) => ({
  ...CLEAN_ENV,
  SCANRELAY_INVICTI_API_TOKEN: TOKEN,
  ...extra,
});
const start = async (opts: Parameters<typeof createFakeInvicti>[0] = {}) => {
  fake = await createFakeInvicti({ userId: 'cli-user', apiToken: TOKEN, ...opts });
};

describe('scanrelay invicti scan --fire-and-forget', () => {
  it('runs from the secureCodeBox environment alone, prints the scan id and the retries, exits 0', async () => {
    await start();
    fake.failNext(429, { path: 'scans/newwithprofile', retryAfter: 1 });
    const ghOutput = path.join(tmp.dir, 'github-output');
    const res = await runCli(['invicti'], {
      env: {
        ...CLEAN_ENV,
        SCB_ACTION: 'Scan',
        SCB_SCANNER__FIREANDFORGET: 'true',
        SCB_INVICTI__URL: fake.url,
        SCB_INVICTI__APIKEY: `cli-user:${TOKEN}`,
        SCB_SCANNER__OUTPUTPATH: tmp.dir,
        SCB_SCAN__TARGETURI: 'https://scb.example.com/',
        SCB_SCAN__PROFILENAME: 'Default',
        GITHUB_OUTPUT: ghOutput,
      },
    });
    expect(res.code).toBe(0);
    const scanId = fake.scans()[0]?.id as string;
    expect(res.stdout).toBe(`${scanId}\n`);
    expect(res.stderr).toMatch(
      /retrying \(attempt 2\): Invicti rate-limited POST .*scans\/newwithprofile \(429\)/,
    );
    expect(res.stderr).toContain(
      `launched Invicti scan ${scanId} (Queued); not waiting (fire-and-forget). Metadata in ${path.join(tmp.dir, 'scan-metadata.json')}`,
    );
    expect(res.stderr).not.toContain('@scanrelay/');
    expect(readJson(tmp.dir, 'scan-metadata.json')).toMatchObject({
      status: 'Launched',
      target: 'https://scb.example.com/',
      mode: 'fire-and-forget',
    });
    expect(readFileSync(ghOutput, 'utf8')).toBe(`scan-id=${scanId}\n`);
    expect(res.stderr).not.toContain(TOKEN);
  });
});

describe('exit 2: launch failed or invalid configuration', () => {
  it('names the credential on 401 and never prints the token', async () => {
    await start();
    const res = await runCli(
      ['invicti', 'scan', ...flags(), '--target-uri', 'https://app.example.com/', '--fire-and-forget'],
      {
        env: env({ SCANRELAY_INVICTI_API_TOKEN: 'wrong-Token-123' }),
      },
    );
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(
      /^scanrelay: Invicti rejected the credentials \(401\).*check the user id "cli-user".*credentials from --user-id and SCANRELAY_INVICTI_API_TOKEN/,
    );
    expect(res.stderr + res.stdout).not.toContain('wrong-Token-123');
  });

  it('exits 2 when Invicti refuses the launch', async () => {
    await start({ profiles: ['Nightly'] });
    const refused = await runCli(
      [
        'invicti',
        'scan',
        ...flags(),
        '--target-uri',
        'https://app.example.com/',
        '--profile',
        'Weekly',
        '--fire-and-forget',
      ],
      { env: env() },
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /launching the scan failed: .*\(400\).*Could not find a scan profile named 'Weekly'/,
    );
  });

  it('names the field of an answer of the wrong shape, in English (the launch loads only zod/mini)', async () => {
    await start();
    fake.malformNext({ body: 'wrong-shape', path: 'scans/newwithprofile' });
    const res = await runCli(
      ['invicti', 'scan', ...flags(), '--target-uri', 'https://app.example.com/', '--profile', 'Default'],
      { env: env({ SCB_SCANNER__FIREANDFORGET: 'true' }) },
    );
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(
      /^scanrelay: launching the scan failed: POST http:\/\/127\.0\.0\.1:\d+\/api\/1\.0\/scans\/newwithprofile answered an unexpected shape at Id: Invalid input: expected string, received undefined\n$/,
    );
  });

  it('exits 2 on a bad setting, naming it', async () => {
    await start();
    const res = await runCli(['invicti', 'scan', ...flags(), '--target-uri', 'https://app.example.com/'], {
      env: env({ SCB_SCANNER__FIREANDFORGET: 'sometimes' }),
    });
    expect(res.code).toBe(2);
    expect(res.stderr).toBe(
      'scanrelay: SCB_SCANNER__FIREANDFORGET: expected true or false, got "sometimes"\n',
    );
    const tiny = await runCli(
      ['invicti', 'scan', ...flags(), '--target-uri', 'https://app.example.com/', '--timeout', '0.1ms'],
      {
        env: env(),
      },
    );
    expect(tiny.code).toBe(2);
    expect(tiny.stderr).toBe(
      'scanrelay: --timeout: expected a duration such as 30s, 15m or 8h, got "0.1ms"\n',
    );
    const action = await runCli(['invicti'], { env: env({ SCB_ACTION: 'Report' }) });
    expect(action.code).toBe(2);
    expect(action.stderr).toContain('SCB_ACTION: expected Scan or Issues, got "Report"');
    const oneToken = await runCli(['invicti', 'issues', '--scan-id', 'x'], {
      env: { ...CLEAN_ENV, SCB_INVICTI__URL: fake.url, SCB_INVICTI__APIKEY: TOKEN },
    });
    expect(oneToken.code).toBe(2);
    expect(oneToken.stderr).toContain(
      'SCB_INVICTI__APIKEY holds only a token; add SCB_INVICTI__USERID=<your Invicti user id>, or set SCB_INVICTI__APIKEY to USERID:TOKEN',
    );
    expect(oneToken.stderr).not.toContain(TOKEN);
    expect(fake.requests).toHaveLength(0);
  });
});

describe('blocking scans', () => {
  it('prints progress, the scan id and the count, exits 0', async () => {
    await start({ autoAdvanceMs: 2000, plan: { issues: 7 } });
    const res = await runCli(
      ['invicti', 'scan', ...flags(), '--target-uri', 'https://app.example.com/', '--poll-interval', '20ms'],
      { env: env() },
    );
    expect(res.stderr).toMatch(/Invicti scan [0-9a-f-]+: Scanning/);
    expect(res.stderr).toMatch(/Invicti scan [0-9a-f-]+: Complete/);
    expect(res.code).toBe(0);
    const scanId = res.stdout.trim();
    expect(scanId).toBe(fake.scans()[0]?.id);
    expect(res.stderr).toContain(
      `Invicti scan ${scanId} Complete: 7 findings in ${path.join(tmp.dir, 'findings.json')}`,
    );
  });

  it('exits 3 when the scan ends Failed', async () => {
    await start({
      autoAdvanceMs: 5000,
      plan: { outcome: 'Failed', failureReasonDescription: 'The target could not be reached' },
    });
    const res = await runCli(
      ['invicti', 'scan', ...flags(), '--target-uri', 'https://app.example.com/', '--poll-interval', '20ms'],
      { env: env() },
    );
    expect(res.code).toBe(3);
    expect(res.stderr).toContain('ended Failed: The target could not be reached');
  });

  it('exits 130 on SIGINT and leaves the remote scan running by default', async () => {
    await start({ autoAdvanceMs: 1000, plan: { outcome: 'never' } });
    const { child, done } = spawnCli(
      ['invicti', 'scan', ...flags(), '--target-uri', 'https://app.example.com/', '--poll-interval', '100ms'],
      { env: env() },
    );
    await stderrContains(child, ': Scanning');
    child.kill('SIGINT');
    const res = await done;
    expect(res.code).toBe(130);
    expect(res.stderr).toMatch(
      /SIGINT: stopped waiting; Invicti scan .* was NOT cancelled and is still Scanning/,
    );
    expect(fake.scans()[0]?.state).toBe('Scanning');
    expect(fake.requests.some((r) => r.path.endsWith('/scans/cancel'))).toBe(false);
  });

  it('exits 130 on SIGTERM and cancels the remote scan with --cancel-on-interrupt', async () => {
    await start({ autoAdvanceMs: 1000, plan: { outcome: 'never' } });
    const { child, done } = spawnCli(
      [
        'invicti',
        'scan',
        ...flags(),
        '--target-uri',
        'https://app.example.com/',
        '--poll-interval',
        '100ms',
        '--cancel-on-interrupt',
      ],
      { env: env() },
    );
    await stderrContains(child, ': Scanning');
    child.kill('SIGTERM');
    const res = await done;
    expect(res.code).toBe(130);
    expect(res.stderr).toMatch(/SIGTERM: cancelled Invicti scan .* \(Invicti answered Ok\)/);
    expect(fake.scans()[0]?.state).toBe('Cancelled');
    expect(readJson(tmp.dir, 'scan-metadata.json')).toMatchObject({ status: 'Cancelled' });
  });
});
