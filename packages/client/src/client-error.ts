/** A problem+json answer from the scanrelay API, or a transport failure, as data. */
export class ScanrelayApiError extends Error {
  /** The API's stable problem code (e.g. `REPORT_EMPTY`), or `network_error` / `invalid_response`. */
  readonly code: string;
  readonly status: number | undefined;
  readonly detail: string | undefined;
  readonly errors: { path: string; message: string }[];
  readonly retryable: boolean;

  constructor(
    code: string,
    message: string,
    options: {
      status?: number;
      detail?: string;
      errors?: { path: string; message: string }[];
      retryable?: boolean;
      cause?: unknown;
    } = {},
  ) {
    super(`@scanrelay/client: ${message}`, { cause: options.cause });
    this.name = 'ScanrelayApiError';
    this.code = code;
    this.status = options.status;
    this.detail = options.detail;
    this.errors = options.errors ?? [];
    this.retryable = options.retryable ?? false;
  }
}
