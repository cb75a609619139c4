export { AttestationError, type AttestationErrorCode, isAttestationError } from './attestation-error.js';
export { type DsseEnvelope, dsseEnvelopeSchema, IN_TOTO_PAYLOAD_TYPE } from './dsse.js';
export {
  findingsDigest,
  IN_TOTO_STATEMENT_TYPE,
  SAST_PREDICATE_TYPE,
  type SastPredicate,
  type SastStatement,
  sastStatementSchema,
} from './sast-statement.js';
export { signAttestation } from './sign-attestation.js';
export { type KeyInput, keyIdOf, loadPrivateKey, loadPublicKey } from './signing-key.js';
export {
  type VerifiedAttestation,
  type VerifyAttestationOptions,
  verifyAttestation,
} from './verify-attestation.js';
