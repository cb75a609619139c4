const PREFIX = '@scanrelay/client: ';

/** Set on every instance, so two copies of this package (two versions in one tree) recognise each other's errors. */
const BRAND = Symbol.for('@scanrelay/client/error');

/** A problem+json answer from the scanrelay API, or a transport failure, as data. */
export class ClientError extends Error {
  /** The API's stable problem code (e.g. `REPORT_EMPTY`), or `network_error` / `invalid_response` / …. */
  readonly code: string;
  /** The HTTP status, when an answer came. */
  readonly status: number | undefined;
  /** What went wrong, without the package prefix; for an error answer, the problem's own `detail`. */
  readonly detail: string;
  readonly errors: { path: string; message: string }[];
  readonly retryable: boolean;
  /** Seconds the API asked to wait before trying again (its `Retry-After`, e.g. on a 429). */
  readonly retryAfter: number | undefined;

  constructor(
    code: string,
    message: string,
    options: {
      status?: number;
      /** Default: `message`. */
      detail?: string;
      errors?: { path: string; message: string }[];
      retryable?: boolean;
      retryAfter?: number;
      cause?: unknown;
    } = {},
  ) {
    super(`${PREFIX}${message}`, { cause: options.cause });
    this.name = 'ClientError';
    Object.defineProperty(this, BRAND, { value: true });
    this.code = code;
    this.status = options.status;
    this.detail = options.detail ?? message;
    this.errors = options.errors ?? [];
    this.retryable = options.retryable ?? false;
    this.retryAfter = options.retryAfter;
  }
}

/** True for a `ClientError`, also one thrown by another copy of this package. */
export function isClientError(e: unknown): e is ClientError {
  return e instanceof ClientError || (typeof e === 'object' && e !== null && BRAND in e);
}
