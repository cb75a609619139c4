import { generateKeyPairSync } from 'node:crypto';
import { keyIdOf, signAttestation } from '@scanrelay/sast-runners';
import type { Store } from '@scanrelay/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sastConfigSchema } from '../src/index.js';
import { attestationKeys } from '../src/sast/attestation-keys.js';
import { receiveScanResult } from '../src/sast/receive-scan-result.js';
import { readProviderSummary } from '../src/sast/summaries.js';
import { backends } from './backends.js';
import {
  dispatchScan,
  ed25519,
  finding,
  resultFor,
  type SastFixture,
  sastFixture,
  signed,
} from './sast-results-support.js';

const refusal = (code: string, text: string) =>
  expect.objectContaining({ code, message: expect.stringContaining(text) });

describe('attestationKeys', () => {
  it('publishes the configured keys and the signing key’s public half, once each', () => {
    const a = ed25519();
    const signer = ed25519();
    const config = sastConfigSchema.parse({
      attestationKeys: [a.publicKey, signer.publicKey],
      signingKey: signer.privateKey,
    });
    expect(attestationKeys(config)).toEqual({
      keys: [
        { keyId: keyIdOf(a.publicKey), algorithm: 'ed25519', publicKey: a.publicKey },
        { keyId: keyIdOf(signer.publicKey), algorithm: 'ed25519', publicKey: signer.publicKey },
      ],
    });
    expect(attestationKeys(sastConfigSchema.parse({}))).toEqual({ keys: [] });
  });

  it('throws a TypeError naming the setting for a key that is not Ed25519', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .publicKey.export({ type: 'spki', format: 'pem' })
      .toString();
    const config = sastConfigSchema.parse({ attestationKeys: [ed25519().publicKey, rsa] });
    expect(() => attestationKeys(config)).toThrow(TypeError);
    expect(() => attestationKeys(config)).toThrow('sast.attestationKeys[1] is not an Ed25519 key');
    const garbage = sastConfigSchema.parse({ signingKey: 'not a key' });
    expect(() => attestationKeys(garbage)).toThrow('sast.signingKey');
  });
});

for (const backend of backends) {
  describe.runIf(backend.enabled)(`attested SAST results on ${backend.name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    let f: SastFixture;
    const runner = ed25519();
    const local = ed25519();
    beforeAll(async () => {
      ({ store, cleanup } = await backend.open());
      f = await sastFixture(store);
    });
    afterAll(() => cleanup?.());
    const deps = (extra = {}) =>
      f.deps({ attestationKeys: [runner.publicKey], signingKey: local.privateKey, ...extra });

    it('stores an attestation that verifies, with the id of the key that verified it', async () => {
      const scan = await dispatchScan(f, 'attested');
      const result = resultFor(scan, [finding('semgrep', 'xss', 'src/a.js', 'high', 7)]);
      const attestation = signAttestation(result, runner.privateKey);
      expect(
        await receiveScanResult(deps(), signed(result, { attestation, at: f.clock.now() })),
      ).toMatchObject({
        accepted: true,
      });
      const stored = await store.sastResults.get(f.tenantId, scan.projectId, 'semgrep');
      expect(stored?.attestationKeyId).toBe(keyIdOf(runner.publicKey));
      expect(stored?.attestation).toEqual(attestation);
      const summary = await readProviderSummary(deps(), {
        tenantId: f.tenantId,
        project: 'attested',
        provider: 'semgrep',
      });
      expect(summary?.attested).toBe(true);
    });

    it('checks the local runner’s attestations with the signing key’s public half', async () => {
      const scan = await dispatchScan(f, 'attested-local');
      const result = resultFor(scan, []);
      const attestation = signAttestation(result, local.privateKey);
      await receiveScanResult(deps(), signed(result, { attestation, at: f.clock.now() }));
      const stored = await store.sastResults.get(f.tenantId, scan.projectId, 'semgrep');
      expect(stored?.attestationKeyId).toBe(keyIdOf(local.publicKey));
    });

    it('refuses an attestation by an unknown key, or of another result, and one that is missing when required', async () => {
      const scan = await dispatchScan(f, 'attested-refused');
      const result = resultFor(scan, [finding('semgrep', 'rce', 'src/a.js', 'critical')]);
      const stranger = signAttestation(result, ed25519().privateKey);
      await expect(
        receiveScanResult(deps(), signed(result, { attestation: stranger, at: f.clock.now() })),
      ).rejects.toEqual(refusal('unauthorized', 'the attestation does not verify'));
      // Authentic, but of a result without the critical finding: the findings were swapped.
      const cleaned = signAttestation({ ...result, findings: [] }, runner.privateKey);
      await expect(
        receiveScanResult(deps(), signed(result, { attestation: cleaned, at: f.clock.now() })),
      ).rejects.toEqual(refusal('unauthorized', 'differs from the attested one'));
      await expect(
        receiveScanResult(deps({ requireAttestation: true }), signed(result, { at: f.clock.now() })),
      ).rejects.toEqual(refusal('unauthorized', 'sast.requireAttestation'));
      await expect(
        receiveScanResult(
          f.deps(),
          signed(result, { attestation: signAttestation(result, runner.privateKey), at: f.clock.now() }),
        ),
      ).rejects.toEqual(refusal('unauthorized', 'no attestation keys are configured'));
      expect((await store.scans.get(f.tenantId, scan.id))?.status).toBe('pending');
      expect(await store.blocklist.isBlocked(f.tenantId, scan.projectId)).toBe(false);
    });
  });
}
