const PREFIX = '@scanrelay/sast-runners: ';

/** Set on every instance, so two copies of this package recognise each other's errors. */
const BRAND = Symbol.for('@scanrelay/sast-runners/error');

/** Stable codes of every `SastError`. */
export type SastErrorCode =
  /** The repository URL breaks the URL rules (credentials, scheme, private host, transport). */
  | 'invalid_repo_url'
  /** The ref or commit breaks the ref rules (leading `-`, option-like, bad characters). */
  | 'invalid_ref'
  /** `git clone`/`fetch`/`checkout` failed (unreachable, unknown ref, ...). */
  | 'checkout_failed'
  /** The checkout took longer than its time limit. */
  | 'checkout_timeout'
  /** The checkout is bigger than its size cap. */
  | 'checkout_too_large'
  /** The provider's tool is not installed. */
  | 'tool_not_installed'
  /** The tool failed, hung past its limit or printed no report. */
  | 'tool_failed'
  /** The tool's output could not be parsed. */
  | 'parse_failed'
  /** The scan was cancelled through its AbortSignal. */
  | 'aborted';

/**
 * Base error of @scanrelay/sast-runners; `code` is stable, `detail` is the message without the
 * package prefix. Messages never hold a credential.
 */
export class SastError extends Error {
  readonly code: SastErrorCode;
  readonly detail: string;

  constructor(code: SastErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(`${PREFIX}${message}`, { cause: options.cause });
    this.name = 'SastError';
    this.code = code;
    this.detail = message;
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/** True for a `SastError`, also one thrown by another copy of this package. */
export function isSastError(e: unknown): e is SastError {
  return e instanceof SastError || (typeof e === 'object' && e !== null && BRAND in e);
}
