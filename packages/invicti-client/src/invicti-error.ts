/** Stable codes of every error the client lets out. */
export type InvictiErrorCode =
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'bad_request'
  | 'rate_limited'
  | 'server_error'
  | 'http_error'
  | 'redirect_refused'
  | 'invalid_response'
  | 'network_error'
  | 'timeout'
  | 'aborted';

/** The request an error came from, safe to log: the Authorization header is redacted. */
export interface RedactedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
}

export interface InvictiErrorOptions {
  status?: number;
  retryable?: boolean;
  request?: RedactedRequest;
  /** Invicti's own explanation (the `Message` of its error body), when it sent one. */
  remoteMessage?: string;
  cause?: unknown;
}

const PREFIX = '@scanrelay/invicti-client: ';

/** Set on every instance, so two copies of this package (two versions in one tree) recognise each other's errors. */
const BRAND = Symbol.for('@scanrelay/invicti-client/error');

/**
 * Base error of @scanrelay/invicti-client. `code` is stable, `detail` is the message without the package
 * prefix (for apps to show), `status` is the HTTP status when there was a response, `retryable` says
 * whether the same call may succeed later, and `request` never holds credentials.
 */
export class InvictiError extends Error {
  readonly code: InvictiErrorCode;
  readonly detail: string;
  readonly status: number | undefined;
  readonly retryable: boolean;
  readonly request: RedactedRequest | undefined;
  readonly remoteMessage: string | undefined;

  constructor(code: InvictiErrorCode, message: string, options: InvictiErrorOptions = {}) {
    super(`${PREFIX}${message}`, { cause: options.cause });
    this.name = 'InvictiError';
    this.code = code;
    this.detail = message;
    Object.defineProperty(this, BRAND, { value: true });
    this.status = options.status;
    this.retryable = options.retryable ?? false;
    this.request = options.request;
    this.remoteMessage = options.remoteMessage;
  }
}

/** Invicti refused the credentials (401) or their permissions (403). Never retried. */
export class InvictiAuthError extends InvictiError {
  constructor(code: 'unauthorized' | 'forbidden', message: string, options: InvictiErrorOptions = {}) {
    super(code, message, { ...options, retryable: false });
    this.name = 'InvictiAuthError';
  }
}

/** Invicti answered with a non-2xx status other than 401/403. */
export class InvictiHttpError extends InvictiError {
  constructor(code: InvictiErrorCode, message: string, options: InvictiErrorOptions = {}) {
    super(code, message, options);
    this.name = 'InvictiHttpError';
  }
}

/** Invicti answered 2xx with a body that is not JSON or not the documented shape. */
export class InvictiResponseError extends InvictiError {
  /** Where in the body the shape differed, e.g. `List[3].Severity`. */
  readonly path: string | undefined;
  constructor(message: string, options: InvictiErrorOptions & { path?: string } = {}) {
    super('invalid_response', message, options);
    this.name = 'InvictiResponseError';
    this.path = options.path;
  }
}

/** A request or a wait ran out of time. Retryable: the same call may succeed later. */
export class InvictiTimeoutError extends InvictiError {
  /** For a wait: the last state the scan was seen in. */
  readonly lastState: string | undefined;
  constructor(message: string, options: InvictiErrorOptions & { lastState?: string } = {}) {
    super('timeout', message, { retryable: true, ...options });
    this.name = 'InvictiTimeoutError';
    this.lastState = options.lastState;
  }
}

/** The caller aborted the call through its AbortSignal. */
export class InvictiAbortError extends InvictiError {
  constructor(message: string, options: InvictiErrorOptions = {}) {
    super('aborted', message, { ...options, retryable: false });
    this.name = 'InvictiAbortError';
  }
}

/**
 * True for an error of this package, also when it comes from another copy of it (where `instanceof`
 * fails): the brand is keyed by `Symbol.for`, shared across copies.
 */
export function isInvictiError(e: unknown): e is InvictiError {
  return e instanceof InvictiError || (e instanceof Error && (e as { [BRAND]?: unknown })[BRAND] === true);
}
