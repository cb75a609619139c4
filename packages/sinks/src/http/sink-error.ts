/** Stable codes of every error a sink lets out. */
export type SinkErrorCode =
  /** The destination refused the credentials (401 after one re-authentication, or 403). */
  | 'SINK_AUTH'
  /** The destination refused the request as it was (400, 404, 422, …): sending it again will not help. */
  | 'SINK_REJECTED'
  /** 429 or 5xx on every attempt. */
  | 'SINK_UNAVAILABLE'
  /** No connection (refused, reset, DNS) on every attempt. */
  | 'SINK_UNREACHABLE'
  /** No answer within the per-request timeout on every attempt. */
  | 'SINK_TIMEOUT'
  /** 413 for a request that cannot be split any further. */
  | 'SINK_TOO_LARGE'
  /** The destination URL breaks the outbound rules (scheme, credentials, private address). */
  | 'SINK_URL_REFUSED'
  /** A 2xx answer that is not the documented shape. */
  | 'SINK_BAD_RESPONSE'
  /** The destination accepted the data and then reported failure (Phoenix translate `ERROR`). */
  | 'SINK_IMPORT_FAILED'
  /** The caller's AbortSignal fired. */
  | 'SINK_ABORTED';

const PREFIX = '@scanrelay/sinks: ';
const BRAND = Symbol.for('@scanrelay/sinks/error');

const RETRYABLE: ReadonlySet<SinkErrorCode> = new Set([
  'SINK_UNAVAILABLE',
  'SINK_UNREACHABLE',
  'SINK_TIMEOUT',
]);

export interface SinkErrorOptions {
  /** The destination's configured name. */
  destination: string;
  status?: number;
  /** `METHOD path` of the request, without query, host credentials or headers. */
  request?: string;
  attempts?: number;
  cause?: unknown;
}

/**
 * The error of every sink. `code` is stable, `detail` is the message without the package prefix,
 * `retryable` says whether the same forward may succeed later (a job retries it on its own schedule).
 * Messages never quote a credential, a header value or a token; `toJSON` keeps only these fields.
 */
export class SinkError extends Error {
  readonly code: SinkErrorCode;
  readonly detail: string;
  readonly destination: string;
  readonly status: number | undefined;
  readonly request: string | undefined;
  readonly attempts: number;
  readonly retryable: boolean;

  constructor(code: SinkErrorCode, message: string, options: SinkErrorOptions) {
    super(`${PREFIX}${message}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SinkError';
    this.code = code;
    this.detail = message;
    this.destination = options.destination;
    this.status = options.status;
    this.request = options.request;
    this.attempts = options.attempts ?? 1;
    this.retryable = RETRYABLE.has(code);
    Object.defineProperty(this, BRAND, { value: true });
  }

  toJSON() {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      destination: this.destination,
      status: this.status,
      request: this.request,
      attempts: this.attempts,
      retryable: this.retryable,
    };
  }
}

/** True for a SinkError, also one thrown by another copy of this package. */
export function isSinkError(e: unknown): e is SinkError {
  return e instanceof SinkError || (e instanceof Error && (e as { [BRAND]?: unknown })[BRAND] === true);
}
