import { existsSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir, runCli } from '@scanrelay/test-utils';
import { createFakeInvicti, type FakeInvicti } from '@scanrelay/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLEAN_ENV, readJson } from './invicti-helpers.js';

let fake: FakeInvicti;
let tmp: { dir: string; cleanup: () => void };

beforeEach(async () => {
  tmp = makeTempDir('scanrelay-invicti-issues-');
  fake = await createFakeInvicti({
    userId: 'u1',
    apiToken: 't1',
    plan: { queuedMs: 0, scanningMs: 1000, archivingMs: 0, issues: 430 },
  });
});
afterEach(async () => {
  await fake.close();
  tmp.cleanup();
});

const env = (extra: NodeJS.ProcessEnv = {}) => ({
  ...CLEAN_ENV,
  SCB_INVICTI__URL: fake.url,
  SCB_INVICTI__APIKEY: 'u1:t1',
  ...extra,
});

async function launch(targetUri = 'https://shop.example.com/'): Promise<string> {
  const res = await fetch(`${fake.url}/api/1.0/scans/new`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from('u1:t1').toString('base64')}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ TargetUri: targetUri }),
  });
  const [scan] = (await res.json()) as { Id: string }[];
  return scan?.Id as string;
}

// Pages, files and metadata are tested in-process in packages/invicti-run; these tests cover the
// CLI's printing and exit codes.
describe('scanrelay invicti issues', () => {
  it('runs from SCB_ACTION=Issues and SCB_SCAN__ID, prints the count, writes secureCodeBox findings', async () => {
    const scanId = await launch();
    fake.advance(1000);
    const res = await runCli(['invicti'], {
      env: env({ SCB_ACTION: 'Issues', SCB_SCAN__ID: scanId, SCB_SCANNER__OUTPUTPATH: tmp.dir }),
    });
    expect(res.code).toBe(0);
    expect(res.stderr).toContain(
      `Invicti scan ${scanId}: 430 findings in ${path.join(tmp.dir, 'findings.json')}`,
    );
    const findings = readJson(tmp.dir, 'findings.json');
    expect(findings).toHaveLength(430);
    expect(findings[0]).toMatchObject({
      name: 'SQL Injection',
      severity: 'HIGH',
      location: 'https://shop.example.com/artist.php?id=1',
    });
  });

  it('exits 3 for a scan that has not finished and 2 for an unknown scan id', async () => {
    const scanId = await launch();
    const running = await runCli(['invicti', 'issues', '--scan-id', scanId, '--output-dir', tmp.dir], {
      env: env(),
    });
    expect(running.code).toBe(3);
    expect(running.stderr).toContain(
      `Invicti scan ${scanId} is Scanning, not finished yet; no issues were fetched`,
    );
    expect(existsSync(path.join(tmp.dir, 'findings.json'))).toBe(false);
    const unknown = await runCli(['invicti', 'issues', '--output-dir', tmp.dir], {
      env: env({ SCB_SCAN__ID: '00000000-0000-4000-8000-0000000000aa' }),
    });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/404.*check --scan-id \/ SCB_SCAN__ID/);
  });
});
