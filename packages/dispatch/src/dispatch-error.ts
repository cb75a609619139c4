/** Base error of @scanrelay/dispatch; `code` is stable, `status` is the remote HTTP status when there is one. */
export class DispatchError extends Error {
  readonly code: string;
  readonly status: number | undefined;
  readonly retryable: boolean;

  constructor(
    code: string,
    message: string,
    options: { status?: number; retryable?: boolean; cause?: unknown } = {},
  ) {
    super(`@scanrelay/dispatch: ${message}`, { cause: options.cause });
    this.name = 'DispatchError';
    this.code = code;
    this.status = options.status;
    this.retryable = options.retryable ?? false;
  }
}
