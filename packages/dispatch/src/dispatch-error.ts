const PREFIX = '@scanrelay/dispatch: ';

/** Set on every instance, so two copies of this package (two versions in one tree) recognise each other's errors. */
const BRAND = Symbol.for('@scanrelay/dispatch/error');

/**
 * Base error of @scanrelay/dispatch; `code` is stable, `detail` is the message without the package
 * prefix, `status` is the remote HTTP status when there is one.
 */
export class DispatchError extends Error {
  readonly code: string;
  readonly detail: string;
  readonly status: number | undefined;
  readonly retryable: boolean;

  constructor(
    code: string,
    message: string,
    options: { status?: number; retryable?: boolean; cause?: unknown } = {},
  ) {
    super(`${PREFIX}${message}`, { cause: options.cause });
    this.name = 'DispatchError';
    this.code = code;
    this.detail = message;
    Object.defineProperty(this, BRAND, { value: true });
    this.status = options.status;
    this.retryable = options.retryable ?? false;
  }
}

/** True for a `DispatchError`, also one thrown by another copy of this package. */
export function isDispatchError(e: unknown): e is DispatchError {
  return e instanceof DispatchError || (typeof e === 'object' && e !== null && BRAND in e);
}
