const PREFIX = '@scanrelay/sast-runners: ';

/** Set on every instance, so two copies of this package recognise each other's errors. */
const BRAND = Symbol.for('@scanrelay/sast-runners/attestation-error');

/** Stable codes of every `AttestationError`. */
export type AttestationErrorCode =
  /** The key is not an Ed25519 key in PEM (or the private key is needed and a public one came). */
  | 'invalid_key'
  /** The result cannot be attested: a failed scan without a `commitSha`. */
  | 'not_attestable'
  /** The file is not a DSSE envelope (not JSON, fields missing, not base64, another payload type). */
  | 'malformed_envelope'
  /** No signature of the envelope verifies with the given public key: tampered, or the wrong key. */
  | 'signature_invalid'
  /** The signed payload is not a scanrelay SAST in-toto Statement v1. */
  | 'malformed_statement'
  /** The attestation is authentic but does not describe the given result (commit or findings differ). */
  | 'result_mismatch';

/** Why an attestation could not be made or verified; `detail` is the message without the package prefix. */
export class AttestationError extends Error {
  readonly code: AttestationErrorCode;
  readonly detail: string;

  constructor(code: AttestationErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(`${PREFIX}${message}`, { cause: options.cause });
    this.name = 'AttestationError';
    this.code = code;
    this.detail = message;
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/** True for an `AttestationError`, also one thrown by another copy of this package. */
export function isAttestationError(e: unknown): e is AttestationError {
  return e instanceof AttestationError || (typeof e === 'object' && e !== null && BRAND in e);
}
