import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { keyIdOf } from '@scanrelay/sast-runners';
import { makeTempDir } from '@scanrelay/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { cliConfigSchema } from '../config/config-schema.js';
import { localSastGap, ownCallbackUrl, sastJobDepsFrom, sastSecretsFrom } from './sast-services.js';

const config = (input: Record<string, unknown> = {}) => cliConfigSchema.parse(input);
const pair = () => generateKeyPairSync('ed25519');
const pem = (k: ReturnType<typeof pair>) => ({
  private: k.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  public: k.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
});

describe('sastSecretsFrom', () => {
  const dirs: (() => void)[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) d();
  });
  const dataDir = () => {
    const t = makeTempDir('scanrelay-sast-secrets-');
    dirs.push(t.cleanup);
    return path.join(t.dir, 'data');
  };

  it('serve: generates a callback secret and an Ed25519 signing key into the data dir (0600) once, then reuses them', () => {
    const dir = dataDir();
    const first = sastSecretsFrom(config(), dir, { generate: true });
    expect(first.callbackSecrets).toEqual([expect.stringMatching(/^[0-9a-f]{64}$/)]);
    for (const file of ['sast-callback.secret', 'sast-signing.key'])
      expect(statSync(path.join(dir, file)).mode & 0o777, file).toBe(0o600);
    expect(first.signingKey).toBe(readFileSync(path.join(dir, 'sast-signing.key'), 'utf8').trim());
    expect(first.attestationKeys.map((k) => keyIdOf(k))).toEqual([keyIdOf(first.signingKey!)]);
    expect(sastSecretsFrom(config(), dir, { generate: true })).toEqual(first);
    // A worker sharing the data dir reads the same ones, and never creates any.
    expect(sastSecretsFrom(config(), dir, { generate: false })).toEqual(first);
    expect(sastSecretsFrom(config(), dataDir(), { generate: false })).toEqual({
      callbackSecrets: [],
      signingKey: undefined,
      attestationKeys: [],
    });
  });

  it('prefers the configured secrets and key, adding the signing key to the configured attestation keys once', () => {
    const signing = pem(pair());
    const other = pem(pair());
    const dir = dataDir();
    const secrets = sastSecretsFrom(
      config({
        sast: {
          callbackSecrets: ['configured-secret-0123456789'],
          signingKey: signing.private,
          attestationKeys: [other.public, signing.public],
        },
      }),
      dir,
      { generate: true },
    );
    expect(secrets.callbackSecrets).toEqual(['configured-secret-0123456789']);
    expect(secrets.signingKey).toBe(signing.private.trim());
    expect(secrets.attestationKeys.map((k) => keyIdOf(k))).toEqual([
      keyIdOf(other.public),
      keyIdOf(signing.public),
    ]);
    expect(() => statSync(path.join(dir, 'sast-callback.secret'))).toThrow(/ENOENT/);
  });

  it('refuses a signing key or attestation key that is not Ed25519, naming the setting', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const rsaPem = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() =>
      sastSecretsFrom(config({ sast: { signingKey: rsaPem } }), dataDir(), { generate: true }),
    ).toThrow(/^sast\.signingKey: .*Ed25519/);
    const rsaPublic = rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(() =>
      sastSecretsFrom(config({ sast: { attestationKeys: [rsaPublic] } }), dataDir(), { generate: true }),
    ).toThrow(/^sast\.attestationKeys\.0: /);
  });
});

describe('the worker side', () => {
  it('builds the job deps with the outbound rules, and says what a local scan lacks', () => {
    const c = config({ outbound: { allowHttp: true } });
    const deps = sastJobDepsFrom(c, { callbackSecrets: [], attestationKeys: [] }, undefined);
    expect(deps).toEqual({
      callbackUrl: undefined,
      callbackSecrets: [],
      signingKey: undefined,
      policy: { allowPrivateUrls: false, allowHttp: true },
    });
    expect(localSastGap(c, deps)).toMatch(
      /sast\.callbackUrl \(SCANRELAY_SAST_CALLBACK_URL\) and sast\.callbackSecrets .* are not set/,
    );
    const ready = {
      ...deps,
      callbackUrl: 'https://x.example/api/v1/webhooks/scan-results',
      callbackSecrets: ['s'],
    };
    expect(localSastGap(c, ready)).toBeUndefined();
    const noLocal = config({
      sast: { providers: [{ provider: 'semgrep', backend: { kind: 'github', owner: 'o', repo: 'r' } }] },
    });
    expect(localSastGap(noLocal, deps)).toBeUndefined();
  });

  it("uses the listener's address as the callback URL, loopback for a wildcard address", () => {
    expect(ownCallbackUrl('http://127.0.0.1:41234')).toBe(
      'http://127.0.0.1:41234/api/v1/webhooks/scan-results',
    );
    expect(ownCallbackUrl('http://0.0.0.0:8787')).toBe('http://127.0.0.1:8787/api/v1/webhooks/scan-results');
    expect(ownCallbackUrl('http://[::]:8787')).toBe('http://[::1]:8787/api/v1/webhooks/scan-results');
  });
});
