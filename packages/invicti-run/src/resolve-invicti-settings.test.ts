import { describe, expect, it } from 'vitest';
import { InvictiSettingsError } from './invicti-run-error.js';
import type { InvictiEnv, InvictiFlags, InvictiSettings, ScanTarget } from './invicti-settings.js';
import { parseDuration } from './parse-duration.js';
import { resolveInvictiSettings } from './resolve-invicti-settings.js';

/** The resolver for one action, as the CLI's `invicti scan` / `invicti issues` call it. */
const resolveInvictiConfig = (action: 'scan' | 'issues', flags: InvictiFlags, env: InvictiEnv) =>
  resolveInvictiSettings({ ...flags, action }, env) as InvictiSettings & {
    target?: ScanTarget;
    scanId?: string;
  };
/** SCB_ACTION alone decides, as for a plain `scanrelay invicti`. */
const actionFromEnv = (env: InvictiEnv) =>
  resolveInvictiSettings({}, { ...scbEnv, SCB_SCAN__ID: 'x', ...env }).action;

const scbEnv = {
  SCB_INVICTI__URL: 'https://invicti.example.com',
  SCB_INVICTI__APIKEY: 'user-1:tok:en',
  SCB_SCAN__TARGETURI: 'https://app.example.com/',
  SCB_SCAN__PROFILENAME: 'Nightly',
  SCB_SCANNER__FIREANDFORGET: 'true',
  SCB_SCANNER__OUTPUTPATH: '/home/securecodebox/out',
};

/** The detail of the InvictiSettingsError (the CLI's exit 2) that `fn` throws. */
function usageError(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InvictiSettingsError);
    expect((e as InvictiSettingsError).code).toBe('invalid_settings');
    expect((e as Error).message).toBe(`@scanrelay/invicti-run: ${(e as InvictiSettingsError).detail}`);
    return (e as InvictiSettingsError).detail;
  }
  throw new Error('expected an InvictiSettingsError');
}

describe('resolveInvictiSettings', () => {
  it('reads the secureCodeBox environment, splitting USERID:TOKEN at the first colon', () => {
    const cfg = resolveInvictiConfig('scan', {}, scbEnv);
    expect(cfg).toMatchObject({
      baseUrl: 'https://invicti.example.com',
      userId: 'user-1',
      apiToken: 'tok:en',
      credentialSource: 'SCB_INVICTI__APIKEY',
      fireAndForget: true,
      outputDir: '/home/securecodebox/out',
      format: 'scb',
      target: { kind: 'profile', targetUri: 'https://app.example.com/', profileName: 'Nightly' },
      timeoutMs: 12 * 3_600_000,
      pollIntervalMs: 10_000,
    });
  });

  it('lets flags beat the environment', () => {
    const cfg = resolveInvictiConfig(
      'scan',
      {
        url: 'http://localhost:8080',
        userId: 'flag-user',
        fireAndForget: false,
        outputDir: 'out',
        targetUri: 'https://b.example.com/',
        timeout: '90m',
        pollInterval: '250ms',
      },
      scbEnv,
    );
    expect(cfg).toMatchObject({
      baseUrl: 'http://localhost:8080',
      userId: 'flag-user',
      apiToken: 'tok:en',
      fireAndForget: false,
      outputDir: 'out',
    });
    expect(cfg.credentialSource).toBe('--user-id and SCB_INVICTI__APIKEY');
    expect(cfg.target).toMatchObject({ targetUri: 'https://b.example.com/', profileName: 'Nightly' });
    expect([cfg.timeoutMs, cfg.pollIntervalMs]).toEqual([90 * 60_000, 250]);
  });

  it('reads the INVICTI_* variables the fetch-invicti-results workflow passes', () => {
    const cfg = resolveInvictiConfig(
      'issues',
      { scanId: 's1' },
      {
        ...scbEnv,
        INVICTI_URL: 'https://w.example.com',
        INVICTI_USER_ID: 'wf-user',
        INVICTI_API_TOKEN: 'wf-token',
      },
    );
    expect([cfg.baseUrl, cfg.userId, cfg.apiToken, cfg.credentialSource]).toEqual([
      'https://w.example.com',
      'wf-user',
      'wf-token',
      'INVICTI_USER_ID and INVICTI_API_TOKEN',
    ]);
  });

  it('takes the user id from SCB_INVICTI__USERID when the API key holds only the token', () => {
    const cfg = resolveInvictiConfig(
      'issues',
      {},
      {
        SCB_INVICTI__URL: 'https://i.example.com',
        SCB_INVICTI__USERID: 'u9',
        SCB_INVICTI__APIKEY: 'only-token',
        SCB_SCAN__ID: 'abc',
      },
    );
    expect([cfg.userId, cfg.apiToken, cfg.scanId]).toEqual(['u9', 'only-token', 'abc']);
    const msg = usageError(() =>
      resolveInvictiConfig(
        'issues',
        {},
        { ...scbEnv, SCB_INVICTI__USERID: 'someone-else', SCB_SCAN__ID: 'x' },
      ),
    );
    expect(msg).toMatch(/^SCB_INVICTI__APIKEY: holds a user id different from SCB_INVICTI__USERID/);
  });

  it('names the setting of every bad or missing value', () => {
    expect(
      usageError(() => resolveInvictiConfig('scan', {}, { ...scbEnv, SCB_SCANNER__FIREANDFORGET: 'maybe' })),
    ).toBe('SCB_SCANNER__FIREANDFORGET: expected true or false, got "maybe"');
    expect(
      usageError(() => resolveInvictiConfig('scan', {}, { ...scbEnv, SCB_INVICTI__URL: undefined })),
    ).toMatch(/^--url: no Invicti URL/);
    expect(
      usageError(() =>
        resolveInvictiConfig('scan', {}, { ...scbEnv, SCB_INVICTI__URL: 'invicti.example.com' }),
      ),
    ).toMatch(/^SCB_INVICTI__URL: expected an absolute http/);
    expect(
      usageError(() => resolveInvictiConfig('scan', {}, { ...scbEnv, SCB_INVICTI__APIKEY: 'token-only' })),
    ).toMatch(/^--user-id: no Invicti user id/);
    expect(usageError(() => resolveInvictiConfig('scan', { timeout: 'forever' }, scbEnv))).toMatch(
      /^--timeout: expected a duration/,
    );
    expect(usageError(() => resolveInvictiConfig('scan', { format: 'xml' }, scbEnv))).toMatch(
      /^--format: expected one of json, scb, sarif/,
    );
    expect(usageError(() => resolveInvictiConfig('scan', { policyId: 'p' }, scbEnv))).toMatch(
      /^--policy-id: cannot be combined with a profile/,
    );
    expect(
      usageError(() =>
        resolveInvictiConfig(
          'scan',
          {},
          { ...scbEnv, SCB_SCAN__TARGETURI: undefined, SCB_SCAN__PROFILENAME: undefined },
        ),
      ),
    ).toMatch(/^--target-uri: no scan target/);
    expect(usageError(() => resolveInvictiConfig('issues', {}, scbEnv))).toMatch(/^--scan-id: no scan id/);
  });

  it('launches scans/new from a website id or an incremental scan from a base scan', () => {
    const env = { SCB_INVICTI__URL: 'https://i.example.com', SCB_INVICTI__APIKEY: 'u:t' };
    expect(resolveInvictiConfig('scan', { websiteId: 'w1', policyId: 'p1' }, env).target).toEqual({
      kind: 'new',
      targetUri: undefined,
      websiteId: 'w1',
      policyId: 'p1',
    });
    expect(resolveInvictiConfig('scan', { baseScanId: 'b1' }, env).target).toEqual({
      kind: 'incremental',
      baseScanId: 'b1',
    });
  });
});

describe('SCB_ACTION and durations', () => {
  it('reads Scan or Issues in any case and refuses anything else', () => {
    expect(actionFromEnv({ SCB_ACTION: 'Scan' })).toBe('scan');
    expect(actionFromEnv({ SCB_ACTION: 'ISSUES' })).toBe('issues');
    expect(usageError(() => actionFromEnv({ SCB_ACTION: 'Report' }))).toBe(
      'SCB_ACTION: expected Scan or Issues, got "Report"',
    );
    expect(usageError(() => resolveInvictiSettings({}, scbEnv))).toMatch(/^SCB_ACTION: not set/);
  });

  it('parses durations with units, bare seconds, and refuses zero', () => {
    expect([
      parseDuration('500ms'),
      parseDuration('30s'),
      parseDuration('15m'),
      parseDuration('8h'),
      parseDuration('45'),
    ]).toEqual([500, 30_000, 900_000, 28_800_000, 45_000]);
    expect(parseDuration('0s')).toBeUndefined();
    expect(parseDuration('-1s')).toBeUndefined();
    expect(parseDuration('0.1ms')).toBeUndefined();
    expect(parseDuration('1.5ms')).toBe(2);
  });
});

describe('the one-token SCB_INVICTI__APIKEY of the secureCodeBox note', () => {
  const note = {
    SCB_ACTION: 'Issues',
    SCB_SCAN__ID: '550e8400-e29b-41d4-a716-446655440000',
    SCB_INVICTI__URL: 'https://invicti-onprem.your-domain.com',
    SCB_INVICTI__APIKEY: 'your-invicti-api-token',
    SCB_SCANNER__OUTPUTPATH: '/tmp/results',
  };

  it('says exactly which variable to add', () => {
    const msg = usageError(() => resolveInvictiSettings({}, note));
    expect(msg).toBe(
      '--user-id: no Invicti user id: SCB_INVICTI__APIKEY holds only a token; add SCB_INVICTI__USERID=<your Invicti user id>, or set SCB_INVICTI__APIKEY to USERID:TOKEN (Invicti shows both under Your Settings > API Settings)',
    );
    expect(msg).not.toContain('your-invicti-api-token');
  });

  it('runs with either fix the message names', () => {
    const withUser = resolveInvictiSettings({}, { ...note, SCB_INVICTI__USERID: 'u-1' });
    expect([withUser.action, withUser.userId, withUser.apiToken, withUser.outputDir]).toEqual([
      'issues',
      'u-1',
      'your-invicti-api-token',
      '/tmp/results',
    ]);
    const joined = resolveInvictiSettings({}, { ...note, SCB_INVICTI__APIKEY: 'u-1:your-invicti-api-token' });
    expect([joined.userId, joined.apiToken]).toEqual(['u-1', 'your-invicti-api-token']);
  });

  it('names the user-id setting of the family the token came from', () => {
    const env = { SCB_INVICTI__URL: 'https://i.example.com', SCB_SCAN__ID: 'x' };
    expect(
      usageError(() => resolveInvictiSettings({ action: 'issues' }, { ...env, INVICTI_API_TOKEN: 't' })),
    ).toBe(
      '--user-id: no Invicti user id for the API token in INVICTI_API_TOKEN: set INVICTI_USER_ID (Invicti shows it under Your Settings > API Settings)',
    );
    expect(
      usageError(() =>
        resolveInvictiSettings({ action: 'issues' }, { ...env, SCANRELAY_INVICTI_API_TOKEN: 't' }),
      ),
    ).toMatch(/set SCANRELAY_INVICTI_USER_ID/);
    expect(usageError(() => resolveInvictiSettings({ action: 'issues', apiToken: 't' }, env))).toMatch(
      /in --api-token: pass --user-id/,
    );
    expect(usageError(() => resolveInvictiSettings({ action: 'issues' }, env))).toMatch(
      /^--user-id: no Invicti user id: pass --user-id, or set SCANRELAY_INVICTI_USER_ID, INVICTI_USER_ID, SCB_INVICTI__USERID, or SCB_INVICTI__APIKEY as USERID:TOKEN$/,
    );
  });

  it('reads GITHUB_OUTPUT and refuses flags of the wrong type as a programmer error', () => {
    const env = { ...scbEnv, GITHUB_OUTPUT: '/tmp/gh-out' };
    expect(resolveInvictiSettings({ action: 'scan' }, env).githubOutput).toBe('/tmp/gh-out');
    expect(resolveInvictiSettings({ action: 'scan' }, scbEnv).githubOutput).toBeUndefined();
    // process.env itself (not a plain object) is accepted.
    const flags = {
      action: 'issues',
      url: 'https://i.example.com',
      userId: 'u',
      apiToken: 't',
      scanId: 's',
    } as const;
    expect(resolveInvictiSettings(flags, process.env)).toMatchObject({ action: 'issues', scanId: 's' });
    expect(() =>
      resolveInvictiSettings({ action: 'scan', fireAndForget: 'yes' as unknown as boolean }, scbEnv),
    ).toThrow(TypeError);
  });
});
