import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir, runCli, spawnCli } from '@scanrelay/test-utils';
import { createFakeInvicti, type FakeInvicti } from '@scanrelay/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLEAN_ENV, readJson, stderrContains } from './invicti-helpers.js';

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
  it('launches, prints the scan id, writes metadata and an empty findings.json, exits 0', async () => {
    await start();
    const ghOutput = path.join(tmp.dir, 'github-output');
    const res = await runCli(
      [
        'invicti',
        'scan',
        ...flags(),
        '--target-uri',
        'https://app.example.com/',
        '--profile',
        'Nightly',
        '--fire-and-forget',
      ],
      {
        env: env({ GITHUB_OUTPUT: ghOutput }),
      },
    );
    expect(res.code).toBe(0);
    const scanId = fake.scans()[0]?.id as string;
    expect(res.stdout).toBe(`${scanId}\n`);
    expect(readJson(tmp.dir, 'scan-metadata.json')).toMatchObject({
      scanId,
      provider: 'invicti',
      status: 'Launched',
      target: 'https://app.example.com/',
      mode: 'fire-and-forget',
      findingsFile: 'findings.json',
      findingsCount: 0,
    });
    expect(Date.parse(readJson(tmp.dir, 'scan-metadata.json').launchedAt)).toBeGreaterThan(0);
    expect(readJson(tmp.dir, 'findings.json')).toEqual([]);
    expect(readFileSync(ghOutput, 'utf8')).toBe(`scan-id=${scanId}\n`);
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/1.0/scans/newwithprofile']);
    expect(fake.getScan(scanId)?.profileName).toBe('Nightly');
  });

  it('runs from the secureCodeBox environment alone with a plain `scanrelay invicti`', async () => {
    await start();
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
      },
    });
    expect(res.code).toBe(0);
    expect(readJson(tmp.dir, 'scan-metadata.json')).toMatchObject({
      status: 'Launched',
      target: 'https://scb.example.com/',
      mode: 'fire-and-forget',
    });
    expect(res.stdout.trim()).toBe(fake.scans()[0]?.id);
    expect(res.stderr).not.toContain(TOKEN);
  });

  it('retries a rate-limited launch after Retry-After', async () => {
    await start();
    fake.failNext(429, { path: 'scans/new', retryAfter: 1 });
    const res = await runCli(
      ['invicti', 'scan', ...flags(), '--target-uri', 'https://app.example.com/', '--fire-and-forget'],
      { env: env() },
    );
    expect(res.code).toBe(0);
    expect(res.stderr).toMatch(/retrying \(attempt 2\): Invicti rate-limited POST .*scans\/new \(429\)/);
    expect(fake.requests.map((r) => r.status)).toEqual([429, 201]);
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
      /rejected the credentials \(401\).*check the user id "cli-user".*credentials from --user-id and SCANRELAY_INVICTI_API_TOKEN/,
    );
    expect(res.stderr + res.stdout).not.toContain('wrong-Token-123');
    expect(existsSync(path.join(tmp.dir, 'scan-metadata.json'))).toBe(false);
  });

  it('exits 2 when Invicti refuses or garbles the launch', async () => {
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
    fake.malformNext({ path: 'scans/newwithprofile', body: 'truncated' });
    const garbled = await runCli(
      [
        'invicti',
        'scan',
        ...flags(),
        '--target-uri',
        'https://app.example.com/',
        '--profile',
        'Nightly',
        '--fire-and-forget',
      ],
      { env: env() },
    );
    expect(garbled.code).toBe(2);
    expect(garbled.stderr).toMatch(/launching the scan failed: .*not JSON/);
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
    const action = await runCli(['invicti'], { env: env({ SCB_ACTION: 'Report' }) });
    expect(action.code).toBe(2);
    expect(action.stderr).toContain('SCB_ACTION: expected Scan or Issues, got "Report"');
    expect(fake.requests).toHaveLength(0);
  });
});

describe('blocking scans', () => {
  it('waits with progress, fetches the issues and writes secureCodeBox findings', async () => {
    await start({ autoAdvanceMs: 2000, plan: { issues: 7 } });
    const res = await runCli(
      ['invicti', 'scan', ...flags(), '--target-uri', 'https://app.example.com/', '--poll-interval', '20ms'],
      { env: env() },
    );
    expect(res.stderr).toMatch(/Invicti scan [0-9a-f-]+: Scanning/);
    expect(res.stderr).toMatch(/Invicti scan [0-9a-f-]+: Complete/);
    expect(res.code).toBe(0);
    const scanId = res.stdout.trim();
    expect(readJson(tmp.dir, 'scan-metadata.json')).toMatchObject({
      scanId,
      status: 'Complete',
      mode: 'blocking',
      findingsCount: 7,
    });
    const findings = readJson(tmp.dir, 'findings.json');
    expect(findings).toHaveLength(7);
    expect(findings.map((f: { severity: string }) => f.severity).sort()).toEqual([
      'HIGH',
      'HIGH',
      'HIGH',
      'INFORMATIONAL',
      'INFORMATIONAL',
      'LOW',
      'MEDIUM',
    ]);
  });

  it.each([
    ['Failed', 'ended Failed: The target could not be reached'],
    ['Cancelled', 'ended Cancelled'],
  ] as const)('exits 3 when the scan ends %s, writing the status and no findings', async (outcome, text) => {
    await start({
      autoAdvanceMs: 5000,
      plan: { outcome, failureReasonDescription: 'The target could not be reached' },
    });
    const res = await runCli(
      ['invicti', 'scan', ...flags(), '--target-uri', 'https://app.example.com/', '--poll-interval', '20ms'],
      { env: env() },
    );
    expect(res.code).toBe(3);
    expect(res.stderr).toContain(text);
    expect(readJson(tmp.dir, 'scan-metadata.json')).toMatchObject({ status: outcome, mode: 'blocking' });
    expect(existsSync(path.join(tmp.dir, 'findings.json'))).toBe(false);
  });

  it('exits 3 after --timeout on a scan that never finishes, leaving it running', async () => {
    await start({ autoAdvanceMs: 1000, plan: { outcome: 'never' } });
    const res = await runCli(
      [
        'invicti',
        'scan',
        ...flags(),
        '--target-uri',
        'https://app.example.com/',
        '--poll-interval',
        '50ms',
        // Long enough for the first poll to answer on a loaded machine (the message names its state).
        '--timeout',
        '3s',
      ],
      { env: env() },
    );
    expect(res.code).toBe(3);
    expect(res.stderr).toMatch(/did not finish within 3 s \(last state Scanning\); it was left running/);
    expect(fake.scans()[0]?.state).toBe('Scanning');
    expect(readJson(tmp.dir, 'scan-metadata.json')).toMatchObject({ status: 'Scanning' });
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
