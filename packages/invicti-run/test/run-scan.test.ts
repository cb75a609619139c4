import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { RetryEvent, ScanTask, WaitProgress } from '@scanrelay/invicti-client';
import { describe, expect, it } from 'vitest';
import { type InvictiRunError, isInvictiRunError } from '../src/index.js';
import { readJson, TOKEN, USER_ID, useInvictiRun } from './support.js';

const { fake, dir, start, settings, run } = useInvictiRun();

/** The InvictiRunError a run must throw. */
async function runError(p: Promise<unknown>): Promise<InvictiRunError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!isInvictiRunError(e)) throw new Error(`expected an InvictiRunError, got ${String(e)}`);
  return e;
}

describe('fire-and-forget', () => {
  it('launches, writes metadata, an empty findings.json and GITHUB_OUTPUT, and answers launched', async () => {
    await start();
    const ghOutput = path.join(dir(), 'github-output');
    const launched: ScanTask[] = [];
    const outcome = await run(
      settings(
        { action: 'scan', targetUri: 'https://app.example.com/', profile: 'Nightly', fireAndForget: true },
        { GITHUB_OUTPUT: ghOutput },
      ),
      { onLaunched: (scan) => launched.push(scan) },
    );
    const scanId = fake().scans()[0]?.id as string;
    expect(outcome).toMatchObject({ kind: 'launched', scanId, scan: { Id: scanId } });
    expect(launched.map((s) => s.Id)).toEqual([scanId]);
    expect(readJson(dir(), 'scan-metadata.json')).toMatchObject({
      scanId,
      provider: 'invicti',
      status: 'Launched',
      target: 'https://app.example.com/',
      mode: 'fire-and-forget',
      findingsFile: 'findings.json',
      findingsCount: 0,
    });
    expect(outcome.kind === 'launched' && outcome.metadata).toEqual(readJson(dir(), 'scan-metadata.json'));
    expect(outcome.kind === 'launched' && outcome.files).toEqual({
      metadataFile: path.join(dir(), 'scan-metadata.json'),
      findingsFile: path.join(dir(), 'findings.json'),
    });
    expect(Date.parse(readJson(dir(), 'scan-metadata.json').launchedAt)).toBeGreaterThan(0);
    expect(readJson(dir(), 'findings.json')).toEqual([]);
    expect(readFileSync(ghOutput, 'utf8')).toBe(`scan-id=${scanId}\n`);
    expect(fake().requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /api/1.0/scans/newwithprofile',
    ]);
    expect(fake().getScan(scanId)?.profileName).toBe('Nightly');
  });

  it('runs from the secureCodeBox environment alone', async () => {
    await start();
    const outcome = await run(
      settings(
        { url: undefined, userId: undefined, outputDir: undefined },
        {
          SCANRELAY_INVICTI_API_TOKEN: undefined,
          SCB_ACTION: 'Scan',
          SCB_SCANNER__FIREANDFORGET: 'true',
          SCB_INVICTI__URL: fake().url,
          SCB_INVICTI__APIKEY: `${USER_ID}:${TOKEN}`,
          SCB_SCANNER__OUTPUTPATH: dir(),
          SCB_SCAN__TARGETURI: 'https://scb.example.com/',
          SCB_SCAN__PROFILENAME: 'Default',
        },
      ),
    );
    expect(outcome).toMatchObject({ kind: 'launched', scanId: fake().scans()[0]?.id });
    expect(readJson(dir(), 'scan-metadata.json')).toMatchObject({
      status: 'Launched',
      target: 'https://scb.example.com/',
      mode: 'fire-and-forget',
    });
  });

  it('retries a rate-limited launch after Retry-After', async () => {
    await start();
    fake().failNext(429, { path: 'scans/new', retryAfter: 1 });
    const retries: RetryEvent[] = [];
    const outcome = await run(
      settings({ action: 'scan', targetUri: 'https://app.example.com/', fireAndForget: true }),
      { onRetry: (e) => retries.push(e) },
    );
    expect(outcome.kind).toBe('launched');
    expect(retries.map((e) => [e.attempt + 1, e.error.detail])).toEqual([
      [2, expect.stringMatching(/^Invicti rate-limited POST .*scans\/new \(429\)/)],
    ]);
    expect(fake().requests.map((r) => r.status)).toEqual([429, 201]);
  });
});

describe('launch failed (the CLI exits 2)', () => {
  it('names the credential on 401 and never shows the token', async () => {
    await start();
    const s = settings(
      { action: 'scan', targetUri: 'https://app.example.com/', fireAndForget: true },
      { SCANRELAY_INVICTI_API_TOKEN: 'wrong-Token-123' },
    );
    const err = await runError(run(s));
    expect(err.code).toBe('credentials_rejected');
    expect(err.detail).toMatch(
      /rejected the credentials \(401\).*check the user id "run-user".*credentials from --user-id and SCANRELAY_INVICTI_API_TOKEN/,
    );
    expect(err.detail).not.toContain('wrong-Token-123');
    expect(existsSync(path.join(dir(), 'scan-metadata.json'))).toBe(false);
  });

  it('fails the launch when Invicti refuses or garbles it', async () => {
    await start({ profiles: ['Nightly'] });
    const launch = (profile: string) =>
      settings({ action: 'scan', targetUri: 'https://app.example.com/', profile, fireAndForget: true });
    const refused = await runError(run(launch('Weekly')));
    expect(refused.code).toBe('launch_failed');
    expect(refused.detail).toMatch(
      /launching the scan failed: .*\(400\).*Could not find a scan profile named 'Weekly'/,
    );
    fake().malformNext({ path: 'scans/newwithprofile', body: 'truncated' });
    const garbled = await runError(run(launch('Nightly')));
    expect(garbled.code).toBe('launch_failed');
    expect(garbled.detail).toMatch(/launching the scan failed: .*not JSON/);
  });

  it('refuses a bad setting before any request, naming it', async () => {
    await start();
    const err = await runError(
      Promise.resolve().then(() =>
        settings(
          { action: 'scan', targetUri: 'https://app.example.com/' },
          { SCB_SCANNER__FIREANDFORGET: 'sometimes' },
        ),
      ),
    );
    expect([err.code, err.detail]).toEqual([
      'invalid_settings',
      'SCB_SCANNER__FIREANDFORGET: expected true or false, got "sometimes"',
    ]);
    expect(fake().requests).toHaveLength(0);
  });
});

describe('blocking scans', () => {
  it('waits with progress, fetches the issues and writes secureCodeBox findings', async () => {
    await start({ autoAdvanceMs: 2000, plan: { issues: 7 } });
    const states: string[] = [];
    const outcome = await run(
      settings({ action: 'scan', targetUri: 'https://app.example.com/', pollInterval: '20ms' }),
      { onProgress: (p: WaitProgress) => states.push(p.state) },
    );
    expect(states).toContain('Scanning');
    expect(states.at(-1)).toBe('Complete');
    const scanId = fake().scans()[0]?.id as string;
    expect(outcome).toMatchObject({
      kind: 'completed',
      scanId,
      findingsCount: 7,
      files: { findingsFile: path.join(dir(), 'findings.json') },
    });
    expect(readJson(dir(), 'scan-metadata.json')).toMatchObject({
      scanId,
      status: 'Complete',
      mode: 'blocking',
      findingsCount: 7,
    });
    const findings = readJson(dir(), 'findings.json');
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
  ] as const)(
    'is incomplete when the scan ends %s, writing the status and no findings',
    async (state, text) => {
      await start({
        autoAdvanceMs: 5000,
        plan: { outcome: state, failureReasonDescription: 'The target could not be reached' },
      });
      const outcome = await run(
        settings({ action: 'scan', targetUri: 'https://app.example.com/', pollInterval: '20ms' }),
      );
      expect(outcome).toMatchObject({ kind: 'incomplete', reason: state.toLowerCase(), state });
      expect(outcome.kind === 'incomplete' && outcome.detail).toContain(text);
      expect(readJson(dir(), 'scan-metadata.json')).toMatchObject({ status: state, mode: 'blocking' });
      expect(existsSync(path.join(dir(), 'findings.json'))).toBe(false);
    },
  );

  it('is incomplete after the timeout on a scan that never finishes, leaving it running', async () => {
    await start({ autoAdvanceMs: 1000, plan: { outcome: 'never' } });
    const outcome = await run(
      settings({
        action: 'scan',
        targetUri: 'https://app.example.com/',
        pollInterval: '50ms',
        // Long enough for the first poll to answer on a loaded machine (the message names its state).
        timeout: '3s',
      }),
    );
    expect(outcome).toMatchObject({ kind: 'incomplete', reason: 'timeout', state: 'Scanning' });
    expect(outcome.kind === 'incomplete' && outcome.detail).toMatch(
      /did not finish within 3 s \(last state Scanning\); it was left running/,
    );
    expect(fake().scans()[0]?.state).toBe('Scanning');
    expect(readJson(dir(), 'scan-metadata.json')).toMatchObject({ status: 'Scanning' });
  });

  it('is interrupted by the signal and leaves the remote scan running by default', async () => {
    await start({ autoAdvanceMs: 1000, plan: { outcome: 'never' } });
    const ctrl = new AbortController();
    const outcome = await run(
      settings({ action: 'scan', targetUri: 'https://app.example.com/', pollInterval: '100ms' }),
      { signal: ctrl.signal, onProgress: (p) => p.state === 'Scanning' && ctrl.abort(new Error('SIGINT')) },
    );
    expect(outcome).toMatchObject({ kind: 'interrupted', phase: 'wait', cancelled: false });
    expect(outcome.kind === 'interrupted' && outcome.detail).toMatch(
      /^stopped waiting; Invicti scan .* was NOT cancelled and is still Scanning/,
    );
    expect(fake().scans()[0]?.state).toBe('Scanning');
    expect(fake().requests.some((r) => r.path.endsWith('/scans/cancel'))).toBe(false);
    expect(readJson(dir(), 'scan-metadata.json')).toMatchObject({ status: 'Scanning' });
  });

  it('cancels the remote scan on interrupt with cancelOnInterrupt', async () => {
    await start({ autoAdvanceMs: 1000, plan: { outcome: 'never' } });
    const ctrl = new AbortController();
    const outcome = await run(
      settings({
        action: 'scan',
        targetUri: 'https://app.example.com/',
        pollInterval: '100ms',
        cancelOnInterrupt: true,
      }),
      { signal: ctrl.signal, onProgress: (p) => p.state === 'Scanning' && ctrl.abort(new Error('SIGTERM')) },
    );
    expect(outcome).toMatchObject({ kind: 'interrupted', cancelled: true });
    expect(outcome.kind === 'interrupted' && outcome.detail).toMatch(
      /^cancelled Invicti scan .* \(Invicti answered Ok\)/,
    );
    expect(fake().scans()[0]?.state).toBe('Cancelled');
    expect(readJson(dir(), 'scan-metadata.json')).toMatchObject({ status: 'Cancelled' });
  });

  it('is interrupted while launching when the signal is already aborted', async () => {
    await start();
    const outcome = await run(
      settings({ action: 'scan', targetUri: 'https://app.example.com/', fireAndForget: true }),
      { signal: AbortSignal.abort(new Error('SIGINT')) },
    );
    expect(outcome).toMatchObject({
      kind: 'interrupted',
      phase: 'launch',
      detail: 'interrupted while launching; Invicti may still have created the scan',
    });
    expect(existsSync(path.join(dir(), 'scan-metadata.json'))).toBe(false);
  });
});
