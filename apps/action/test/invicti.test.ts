import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir } from '@scanrelay/test-utils';
import { createFakeInvicti, type FakeInvicti } from '@scanrelay/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBundledAction } from './support/run-action.js';

let invicti: FakeInvicti;
const tmp = makeTempDir('scanrelay-action-invicti-');

beforeAll(async () => {
  // Each status poll moves the fake clock a minute: polling alone drives a scan to its end.
  invicti = await createFakeInvicti({
    userId: 'u1',
    apiToken: 'invicti-token-77c1',
    autoAdvanceMs: 60_000,
    plan: { queuedMs: 0, scanningMs: 60_000, archivingMs: 0, issues: 5 },
  });
});
afterAll(async () => {
  await invicti?.close();
  tmp.cleanup();
});

const connection = () => ({
  'invicti-url': invicti.url,
  'invicti-user-id': 'u1',
  'invicti-api-token': 'invicti-token-77c1',
});

describe('the bundled Action, commands invicti-scan against the fake Invicti', () => {
  it('fire-and-forget by default: outputs the scan id at once, verdict pending, metadata written', async () => {
    const run = await runBundledAction(
      {
        command: 'invicti-scan',
        ...connection(),
        'target-uri': 'https://shop.example.com/',
        'output-dir': 'ff',
      },
      { workspace: tmp.dir },
    );
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs).toEqual({ verdict: 'pending', 'scan-id': expect.any(String) });
    expect(invicti.getScan(run.outputs['scan-id'] ?? '')).toBeDefined();
    const metadata = JSON.parse(readFileSync(path.join(tmp.dir, 'ff/scan-metadata.json'), 'utf8'));
    expect(metadata).toMatchObject({ scanId: run.outputs['scan-id'], mode: 'fire-and-forget' });
    expect(run.summary).toContain('## scanrelay invicti-scan: pending');
  });

  it('blocking on request: waits, writes the findings and SARIF, outputs counts', async () => {
    const run = await runBundledAction(
      {
        command: 'invicti-scan',
        ...connection(),
        'target-uri': 'https://shop.example.com/',
        blocking: 'true',
        'poll-interval': '10ms',
        'output-dir': 'blocking',
        format: 'json',
        'sarif-file': 'invicti.sarif',
        'fail-on': 'high',
      },
      { workspace: tmp.dir },
    );
    expect(run.code).toBe(1);
    const counts = JSON.parse(run.outputs.counts ?? '{}') as Record<string, number>;
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(5);
    expect(run.outputs).toMatchObject({ verdict: 'fail', 'sarif-path': 'invicti.sarif' });
    const findings = JSON.parse(readFileSync(path.join(tmp.dir, 'blocking/findings.json'), 'utf8'));
    expect(findings).toHaveLength(5);
    const sarif = JSON.parse(readFileSync(path.join(tmp.dir, 'invicti.sarif'), 'utf8'));
    expect(sarif.runs[0].results).toHaveLength(5);
    expect(run.annotations.at(-1)?.message).toMatch(
      /^scanrelay invicti-scan: fail: .*at or above fail-on high$/,
    );
  });

  it('refuses a scan without a target, naming the setting, and never prints the token', async () => {
    const run = await runBundledAction(
      { command: 'invicti-scan', ...connection(), 'output-dir': 'none' },
      { workspace: tmp.dir },
    );
    expect(run.code).toBe(1);
    expect(run.annotations[0]?.message).toMatch(/^scanrelay action: Invicti: /);
    expect(run.masks).toContain('invicti-token-77c1');
    expect(existsSync(path.join(tmp.dir, 'none/scan-metadata.json'))).toBe(false);
  });
});
