import { sign } from 'node:crypto';
import type { SastResult } from '../types.js';
import { AttestationError } from './attestation-error.js';
import { type DsseEnvelope, IN_TOTO_PAYLOAD_TYPE, preAuthEncoding } from './dsse.js';
import { sastStatement } from './sast-statement.js';
import { type KeyInput, keyIdOf, loadPrivateKey } from './signing-key.js';

/**
 * Issues a result as an in-toto Statement v1 (subject: the repository URL at `commitSha`; predicate:
 * tool, version, counts, verdict, score and the SHA-256 of the findings) in a DSSE envelope signed
 * with the Ed25519 `privateKey`, with its key id. A result without a `commitSha` (its checkout failed)
 * proves nothing about any code and is refused with `not_attestable`.
 */
export function signAttestation(result: SastResult, privateKey: KeyInput): DsseEnvelope {
  const { commitSha } = result;
  if (commitSha === undefined) {
    throw new AttestationError(
      'not_attestable',
      `scan ${result.scanId} has no commitSha (its checkout failed), so there is no commit to attest`,
    );
  }
  const key = loadPrivateKey(privateKey);
  const payload = Buffer.from(JSON.stringify(sastStatement({ ...result, commitSha })), 'utf8');
  const sig = sign(null, preAuthEncoding(IN_TOTO_PAYLOAD_TYPE, payload), key);
  return {
    payloadType: IN_TOTO_PAYLOAD_TYPE,
    payload: payload.toString('base64'),
    signatures: [{ keyid: keyIdOf(key), sig: sig.toString('base64') }],
  };
}
