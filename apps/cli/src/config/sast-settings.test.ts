import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir } from '@scanrelay/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from './load-config.js';

const PEM = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

describe('the sast settings', () => {
  const dirs: (() => void)[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) d();
  });
  function dirWith(yaml?: string): string {
    const { dir, cleanup } = makeTempDir('scanrelay-sast-config-');
    dirs.push(cleanup);
    if (yaml !== undefined) writeFileSync(path.join(dir, 'scanrelay.config.yaml'), yaml);
    return dir;
  }

  it("default to core's: patterns on the local worker, 100 dispatches an hour, 20 minutes to time out", async () => {
    const { config } = await loadConfig({ cwd: dirWith(), env: {} });
    expect(config.sast).toMatchObject({
      providers: [{ provider: 'patterns', backend: { kind: 'local' } }],
      callbackSecrets: [],
      dispatchesPerHour: 100,
      timeoutMs: 20 * 60_000,
      summaryTtlMs: 365 * 24 * 3600_000,
      acceptBodySignature: true,
      requireAttestation: false,
      attestationKeys: [],
    });
    expect(config.sast.callbackUrl).toBeUndefined();
    expect(config.sast.signingKey).toBeUndefined();
  });

  it('reads the environment: rotated secrets, a one-line PEM with literal \\n, numbers and yes/no', async () => {
    const { config, origins } = await loadConfig({
      cwd: dirWith(),
      env: {
        SCANRELAY_SAST_CALLBACK_URL: 'https://scanrelay.example.com/api/v1/webhooks/scan-results',
        SCANRELAY_SAST_CALLBACK_SECRET: 'new-secret-0123456789, old-secret-0123456789',
        SCANRELAY_SAST_SIGNING_KEY: PEM.replaceAll('\n', '\\n'),
        SCANRELAY_SAST_DISPATCHES_PER_HOUR: '250',
        SCANRELAY_SAST_REQUIRE_ATTESTATION: 'yes',
      },
    });
    expect(config.sast.callbackUrl).toBe('https://scanrelay.example.com/api/v1/webhooks/scan-results');
    expect(config.sast.callbackSecrets).toEqual(['new-secret-0123456789', 'old-secret-0123456789']);
    expect(config.sast.signingKey).toBe(PEM.trim());
    expect(config.sast.dispatchesPerHour).toBe(250);
    expect(config.sast.requireAttestation).toBe(true);
    expect(origins.get('sast.callbackSecrets')).toBe('environment SCANRELAY_SAST_CALLBACK_SECRET');
  });

  it('reads providers and their backends from the file', async () => {
    const cwd = dirWith(
      [
        'sast:',
        '  providers:',
        '    - provider: patterns',
        '    - provider: semgrep',
        '      backend: { kind: github, owner: acme, repo: scanners }',
        '    - provider: bandit',
        '      backend: { kind: scanner-worker, url: "https://scanner.internal:9500" }',
      ].join('\n'),
    );
    const { config } = await loadConfig({ cwd, env: {} });
    expect(config.sast.providers).toEqual([
      { provider: 'patterns', backend: { kind: 'local' } },
      {
        provider: 'semgrep',
        backend: {
          kind: 'github',
          mode: 'repository_dispatch',
          owner: 'acme',
          repo: 'scanners',
          eventType: 'external-scan',
          workflow: 'external-scan.yml',
          ref: 'main',
        },
      },
      { provider: 'bandit', backend: { kind: 'scanner-worker', url: 'https://scanner.internal:9500' } },
    ]);
  });

  it('names the setting and its source for a bad value, never the secret', async () => {
    const short = loadConfig({ cwd: dirWith(), env: { SCANRELAY_SAST_CALLBACK_SECRET: 'too-short' } });
    await expect(short).rejects.toThrow(
      /sast\.callbackSecrets\.0 \(from environment SCANRELAY_SAST_CALLBACK_SECRET\): .*16/,
    );
    await expect(short).rejects.not.toThrow(/too-short/);
    await expect(
      loadConfig({ cwd: dirWith(), env: { SCANRELAY_SAST_SIGNING_KEY: 'not a key' } }),
    ).rejects.toThrow(
      /sast\.signingKey \(from environment SCANRELAY_SAST_SIGNING_KEY\): expected a PEM block/,
    );
    await expect(loadConfig({ cwd: dirWith('sast:\n  callbackUrl: ftp://x\n'), env: {} })).rejects.toThrow(
      /sast\.callbackUrl \(from scanrelay\.config\.yaml\)/,
    );
    await expect(loadConfig({ cwd: dirWith('sast:\n  provders: []\n'), env: {} })).rejects.toThrow(
      /unknown setting "sast\.provders"/,
    );
    await expect(
      loadConfig({ cwd: dirWith('sast:\n  providers:\n    - provider: nessus\n'), env: {} }),
    ).rejects.toThrow(/sast\.providers\.0\.provider/);
  });
});
