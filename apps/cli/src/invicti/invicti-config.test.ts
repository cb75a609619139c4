import { describe, expect, it } from 'vitest';
import { parseDuration } from './duration.js';
import { actionFromEnv, resolveInvictiConfig } from './invicti-config.js';

const scbEnv = {
  SCB_INVICTI__URL: 'https://invicti.example.com',
  SCB_INVICTI__APIKEY: 'user-1:tok:en',
  SCB_SCAN__TARGETURI: 'https://app.example.com/',
  SCB_SCAN__PROFILENAME: 'Nightly',
  SCB_SCANNER__FIREANDFORGET: 'true',
  SCB_SCANNER__OUTPUTPATH: '/home/securecodebox/out',
};

function usageError(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect((e as { exitCode?: number }).exitCode).toBe(2);
    return (e as Error).message;
  }
  throw new Error('expected a CliError');
}

describe('resolveInvictiConfig', () => {
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
    expect(usageError(() => actionFromEnv({}))).toMatch(/^SCB_ACTION: not set/);
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
  });
});
