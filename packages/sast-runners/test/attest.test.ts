import { createHash, generateKeyPairSync, type KeyObject, sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  AttestationError,
  type DsseEnvelope,
  isAttestationError,
  keyIdOf,
  signAttestation,
  verifyAttestation,
} from '../src/attest/index.js';
import { COMMIT, sampleResult } from './support/sample-result.js';

const pem = (key: KeyObject) =>
  key.export({ format: 'pem', type: key.type === 'private' ? 'pkcs8' : 'spki' });
const signer = generateKeyPairSync('ed25519');
const stranger = generateKeyPairSync('ed25519');
const privatePem = pem(signer.privateKey) as string;
const publicPem = pem(signer.publicKey) as string;

/** DSSE v1 pre-authentication encoding, written here from the DSSE spec (protocol.md). */
const pae = (type: string, body: Buffer) =>
  Buffer.concat([Buffer.from(`DSSEv1 ${Buffer.byteLength(type)} ${type} ${body.length} `), body]);

function reSign(statement: unknown, key: KeyObject): DsseEnvelope {
  const body = Buffer.from(JSON.stringify(statement));
  const type = 'application/vnd.in-toto+json';
  return {
    payloadType: type,
    payload: body.toString('base64'),
    signatures: [{ keyid: keyIdOf(key), sig: sign(null, pae(type, body), key).toString('base64') }],
  };
}

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    if (isAttestationError(e)) return e.code;
    throw e;
  }
  return 'verified';
}

describe('signAttestation', () => {
  it('issues an in-toto Statement v1 about the repository at its commit in a DSSE envelope signed with Ed25519', async () => {
    const result = await sampleResult();
    const envelope = signAttestation(result, privatePem);

    expect(envelope.payloadType).toBe('application/vnd.in-toto+json');
    const body = Buffer.from(envelope.payload, 'base64');
    const statement = JSON.parse(body.toString('utf8'));
    expect(statement._type).toBe('https://in-toto.io/Statement/v1');
    expect(statement.subject).toEqual([
      { name: 'https://github.com/acme/skill.git', digest: { gitCommit: COMMIT } },
    ]);
    expect(statement.predicateType).toBe('https://scanrelay.dev/attestations/sast-result/v1');
    expect(statement.predicate).toMatchObject({
      project: 'acme-skill',
      provider: 'bandit',
      scanId: 'scan-42',
      tool: { name: 'Bandit', version: '1.6.2' },
      counts: { critical: 0, high: 1, medium: 1, low: 1, info: 0 },
      verdict: 'pass',
      score: 82,
      findings: {
        count: 3,
        sha256: createHash('sha256').update(JSON.stringify(result.findings)).digest('hex'),
      },
    });

    // The key id is the SHA-256 of the public key's SPKI DER; the signature checks with any DSSE verifier.
    const der = signer.publicKey.export({ type: 'spki', format: 'der' });
    const [signature] = envelope.signatures;
    expect(signature?.keyid).toBe(`sha256:${createHash('sha256').update(der).digest('hex')}`);
    const sig = Buffer.from(signature!.sig, 'base64');
    expect(sig).toHaveLength(64);
    expect(verify(null, pae(envelope.payloadType, body), signer.publicKey, sig)).toBe(true);
  });

  it('refuses a failed scan without a commit: there is nothing to attest', async () => {
    const failed = await sampleResult({ status: 'failed', commitSha: undefined, error: 'clone failed' });
    expect(() => signAttestation(failed, privatePem)).toThrow(AttestationError);
    expect(codeOf(() => signAttestation(failed, privatePem))).toBe('not_attestable');
  });

  it('refuses keys that are not Ed25519 private keys, saying which', async () => {
    const result = await sampleResult();
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    expect(() => signAttestation(result, pem(rsa.privateKey) as string)).toThrow(
      /expected an Ed25519 private key, got a rsa key/,
    );
    expect(codeOf(() => signAttestation(result, 'not a key'))).toBe('invalid_key');
    expect(codeOf(() => signAttestation(result, signer.publicKey))).toBe('invalid_key');
  });
});

describe('verifyAttestation', () => {
  it('says what a genuine attestation proves, also after a round trip through JSON text', async () => {
    const result = await sampleResult();
    const text = JSON.stringify(signAttestation(result, signer.privateKey));
    const proven = verifyAttestation(text, publicPem, { result: JSON.parse(JSON.stringify(result)) });
    expect(proven).toMatchObject({
      keyId: keyIdOf(signer.publicKey),
      repoUrl: 'https://github.com/acme/skill.git',
      commitSha: COMMIT,
      predicate: { verdict: 'pass', tool: { name: 'Bandit', version: '1.6.2' }, findings: { count: 3 } },
    });
    // The private key's PEM also gives the public key.
    expect(verifyAttestation(text, privatePem).commitSha).toBe(COMMIT);
  });

  it('refuses the envelope with any one byte changed', async () => {
    const text = JSON.stringify(signAttestation(await sampleResult(), privatePem));
    const codes = new Set<string>();
    for (let i = 0; i < text.length; i++) {
      const changed = String.fromCharCode(text.charCodeAt(i) ^ 1);
      const tampered = text.slice(0, i) + changed + text.slice(i + 1);
      const code = codeOf(() => verifyAttestation(tampered, publicPem));
      expect(code, `byte ${i} (${JSON.stringify(text[i])} -> ${JSON.stringify(changed)})`).not.toBe(
        'verified',
      );
      codes.add(code);
    }
    expect([...codes].sort()).toEqual(['malformed_envelope', 'signature_invalid']);
  });

  it('refuses a changed verdict re-encoded into the payload', async () => {
    const envelope = signAttestation(await sampleResult({ verdict: 'fail' }), privatePem);
    const body = Buffer.from(envelope.payload, 'base64').toString('utf8').replace('"fail"', '"pass"');
    const forged = { ...envelope, payload: Buffer.from(body).toString('base64') };
    expect(() => verifyAttestation(forged, publicPem)).toThrow(/the envelope was changed after signing/);
  });

  it('refuses the wrong key, naming the key that signed', async () => {
    const envelope = signAttestation(await sampleResult(), privatePem);
    let error: unknown;
    try {
      verifyAttestation(envelope, stranger.publicKey);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AttestationError);
    expect((error as AttestationError).code).toBe('signature_invalid');
    expect((error as AttestationError).message).toContain(`signed by ${keyIdOf(signer.publicKey)}`);
    // Even when the envelope claims to be from the stranger's key.
    const relabelled = {
      ...envelope,
      signatures: envelope.signatures.map((s) => ({ ...s, keyid: keyIdOf(stranger.publicKey) })),
    };
    expect(codeOf(() => verifyAttestation(relabelled, stranger.publicKey))).toBe('signature_invalid');
  });

  it('refuses a result that is not the attested one', async () => {
    const result = await sampleResult();
    const envelope = signAttestation(result, privatePem);
    const fewer = { ...result, findings: result.findings.slice(1) };
    expect(() => verifyAttestation(envelope, publicPem, { result: fewer })).toThrow(
      /the result's findings differs from the attested one/,
    );
    const otherCommit = { ...result, commitSha: 'a'.repeat(40) };
    expect(codeOf(() => verifyAttestation(envelope, publicPem, { result: otherCommit }))).toBe(
      'result_mismatch',
    );
  });

  it('refuses a correctly signed payload that is not a scanrelay SAST statement', () => {
    const other = reSign(
      { _type: 'https://in-toto.io/Statement/v1', subject: [], predicateType: 'x' },
      signer.privateKey,
    );
    expect(() => verifyAttestation(other, publicPem)).toThrow(/not a scanrelay SAST statement/);
  });

  it('refuses what is not an envelope', () => {
    expect(codeOf(() => verifyAttestation('{"payloadType":', publicPem))).toBe('malformed_envelope');
    expect(codeOf(() => verifyAttestation({ payload: 'e30=', signatures: [] }, publicPem))).toBe(
      'malformed_envelope',
    );
    expect(() =>
      verifyAttestation(
        { payloadType: 'text/plain', payload: 'e30=', signatures: [{ sig: 'AA==' }] },
        publicPem,
      ),
    ).toThrow(/expected payloadType application\/vnd.in-toto\+json, got "text\/plain"/);
  });
});
