/** Stable codes of `CoreError`. */
export type CoreErrorCode =
  | 'invalid_finding'
  | 'invalid_input'
  | 'not_found'
  /** A signed delivery whose signature, timestamp or attestation did not verify. */
  | 'unauthorized'
  /** A delivery already recorded (nothing was applied again). */
  | 'replayed'
  /** The request contradicts what is stored (a result for another project or provider than its scan's). */
  | 'conflict'
  | 'rate_limited';

/** Marks instances so that `isCoreError` recognises them across two copies of this package. */
const BRAND = Symbol.for('@scanrelay/core/error');

/** The base error of `@scanrelay/core`: `code` is stable, the message names the package. */
export class CoreError extends Error {
  readonly code: CoreErrorCode;
  /** The message without the `@scanrelay/core: ` prefix, for apps that show it as it is. */
  readonly detail: string;
  constructor(code: CoreErrorCode, detail: string, options?: { cause?: unknown }) {
    super(`@scanrelay/core: ${detail}`, options);
    this.name = 'CoreError';
    this.code = code;
    this.detail = detail;
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/** A finding that is not a valid canonical Finding; nothing of its report was written. */
export class InvalidFindingError extends CoreError {
  /** 0-based position of the finding in the report's stream. */
  readonly index: number;
  /** The JSON path of the first bad field, e.g. `severity` or `location.startLine`. */
  readonly path: string;
  constructor(index: number, path: string, detail: string, options?: { cause?: unknown }) {
    super(
      'invalid_finding',
      `finding #${index} is not a valid finding: ${path || '(root)'}: ${detail}; nothing was written`,
      options,
    );
    this.name = 'InvalidFindingError';
    this.index = index;
    this.path = path;
  }
}

/** A budget is spent (the dispatch rate limit): nothing was done; try again after `retryAfterSeconds`. */
export class RateLimitedError extends CoreError {
  readonly retryAfterSeconds: number;
  constructor(detail: string, retryAfterSeconds: number) {
    super('rate_limited', detail);
    this.name = 'RateLimitedError';
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** True for a `CoreError` (and its subclasses), also one thrown by another copy of this package. */
export function isCoreError(err: unknown): err is CoreError {
  return err instanceof CoreError || (typeof err === 'object' && err !== null && BRAND in err);
}
