import { verify } from 'node:crypto';
import type { SastResult } from '../types.js';
import { AttestationError } from './attestation-error.js';
import { dsseEnvelopeSchema, IN_TOTO_PAYLOAD_TYPE, preAuthEncoding } from './dsse.js';
import { findingsDigest, type SastPredicate, sastStatementSchema } from './sast-statement.js';
import { type KeyInput, keyIdOf, loadPublicKey } from './signing-key.js';

/** What a verified attestation proves: this key signed this verdict for this repository at this commit. */
export interface VerifiedAttestation {
  /** The key id of the public key that verified the signature. */
  keyId: string;
  repoUrl: string;
  commitSha: string;
  predicate: SastPredicate;
}

export interface VerifyAttestationOptions {
  /** Also check that this result is the one attested: same repository, commit and findings digest. */
  result?: SastResult;
}

function decodeJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new AttestationError(
      what === 'envelope' ? 'malformed_envelope' : 'malformed_statement',
      `the ${what} is not JSON`,
      {
        cause,
      },
    );
  }
}

/**
 * Checks a DSSE envelope (an object, or its JSON text) offline against an Ed25519 public key and says
 * what it proves. Throws `AttestationError`: `malformed_envelope`, `signature_invalid` (tampered or
 * the wrong key), `malformed_statement`, `result_mismatch`; `invalid_key` for a key that is not Ed25519.
 */
export function verifyAttestation(
  envelope: unknown,
  publicKey: KeyInput,
  options: VerifyAttestationOptions = {},
): VerifiedAttestation {
  const key = loadPublicKey(publicKey);
  const keyId = keyIdOf(key);
  const input = typeof envelope === 'string' ? decodeJson(envelope, 'envelope') : envelope;
  const parsed = dsseEnvelopeSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || '(root)';
    throw new AttestationError('malformed_envelope', `not a DSSE envelope: ${where}: ${issue?.message}`);
  }
  const { payloadType, payload, signatures } = parsed.data;
  if (payloadType !== IN_TOTO_PAYLOAD_TYPE) {
    throw new AttestationError(
      'malformed_envelope',
      `expected payloadType ${IN_TOTO_PAYLOAD_TYPE}, got ${JSON.stringify(payloadType.slice(0, 80))}`,
    );
  }
  const body = Buffer.from(payload, 'base64');
  const signed = preAuthEncoding(payloadType, body);
  // A signature counts when it names this key (or no key) and verifies: a key id is not signed, so
  // one that names another key is not ours to accept.
  const valid = signatures.some(
    (s) =>
      (s.keyid === undefined || s.keyid === keyId) && verify(null, signed, key, Buffer.from(s.sig, 'base64')),
  );
  if (!valid) {
    const ids = signatures.map((s) => s.keyid).filter((id): id is string => id !== undefined);
    const why =
      ids.length > 0 && !ids.includes(keyId)
        ? `it was signed by ${ids.join(', ')}, not by this key (${keyId})`
        : 'the envelope was changed after signing';
    throw new AttestationError('signature_invalid', `no signature verifies with key ${keyId}: ${why}`);
  }
  const statement = sastStatementSchema.safeParse(decodeJson(body.toString('utf8'), 'statement'));
  if (!statement.success) {
    const issue = statement.error.issues[0];
    throw new AttestationError(
      'malformed_statement',
      `signed, but not a scanrelay SAST statement: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`,
    );
  }
  const [subject] = statement.data.subject;
  const proven: VerifiedAttestation = {
    keyId,
    repoUrl: subject!.name,
    commitSha: subject!.digest.gitCommit,
    predicate: statement.data.predicate,
  };
  if (options.result) checkResult(proven, options.result);
  return proven;
}

function checkResult(proven: VerifiedAttestation, result: SastResult): void {
  const mismatch = (what: string) => {
    throw new AttestationError('result_mismatch', `the result's ${what} differs from the attested one`);
  };
  if (result.repoUrl !== proven.repoUrl) mismatch('repoUrl');
  if (result.commitSha !== proven.commitSha) mismatch('commitSha');
  if (result.scanId !== proven.predicate.scanId) mismatch('scanId');
  if (result.verdict !== proven.predicate.verdict) mismatch('verdict');
  if (findingsDigest(result.findings) !== proven.predicate.findings.sha256) mismatch('findings');
}
