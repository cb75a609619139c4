const PREFIX = '@scanrelay/sast-runners: ';

/** Set on every instance, so two copies of this package recognise each other's errors. */
const BRAND = Symbol.for('@scanrelay/sast-runners/callback-error');

/** Stable codes of every `CallbackError`. */
export type CallbackErrorCode =
  /** The callback URL breaks the outbound rules (scheme, credentials, private host): nothing was sent. */
  | 'url_refused'
  /** The receiver answered a 4xx that a retry cannot fix (400, 401, 403, 404, 413, …). */
  | 'rejected'
  /** Every attempt failed (5xx, 408, 429, network errors, timeouts). */
  | 'gave_up'
  /** The delivery was cancelled through its AbortSignal. */
  | 'aborted';

/**
 * A callback delivery that did not succeed. Messages name the receiver by its origin only (a path or
 * query may carry a token) and never hold the secret or a signature.
 */
export class CallbackError extends Error {
  readonly code: CallbackErrorCode;
  readonly detail: string;
  /** The last HTTP status received, if any. */
  readonly status: number | undefined;
  /** Requests sent. */
  readonly attempts: number;
  readonly deliveryId: string | undefined;

  constructor(
    code: CallbackErrorCode,
    message: string,
    fields: { status?: number; attempts: number; deliveryId?: string; cause?: unknown },
  ) {
    super(`${PREFIX}${message}`, { cause: fields.cause });
    this.name = 'CallbackError';
    this.code = code;
    this.detail = message;
    this.status = fields.status;
    this.attempts = fields.attempts;
    this.deliveryId = fields.deliveryId;
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/** True for a `CallbackError`, also one thrown by another copy of this package. */
export function isCallbackError(e: unknown): e is CallbackError {
  return e instanceof CallbackError || (typeof e === 'object' && e !== null && BRAND in e);
}
