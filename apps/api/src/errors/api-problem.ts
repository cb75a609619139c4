/** Stable problem codes: clients switch on these, never on titles or details. */
export const PROBLEM_CODES = {
  UNAUTHORIZED: { status: 401, title: 'Authentication required' },
  FORBIDDEN: { status: 403, title: 'Missing scope' },
  NOT_FOUND: { status: 404, title: 'Not found' },
  VALIDATION_FAILED: { status: 400, title: 'Invalid request' },
  REPORT_EMPTY: { status: 400, title: 'Empty report' },
  REPORT_UNRECOGNISED: { status: 400, title: 'Unrecognised report' },
  REPORT_INVALID: { status: 400, title: 'Broken report' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'Payload too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported media type' },
  CONFLICT: { status: 409, title: 'Conflict' },
  /** A signed delivery that was already received: nothing was applied again. */
  REPLAYED: { status: 409, title: 'Already received' },
  /** A budget is spent (the SAST dispatch rate limit); the answer carries `Retry-After`. */
  RATE_LIMITED: { status: 429, title: 'Too many requests' },
  SERVICE_UNAVAILABLE: { status: 503, title: 'Service unavailable' },
  INTERNAL: { status: 500, title: 'Internal error' },
} as const;
export type ProblemCode = keyof typeof PROBLEM_CODES;

export interface ProblemFieldError {
  path: string;
  message: string;
}

/** An error the API answers as `application/problem+json` (RFC 9457) with a stable `code`. */
export class ApiProblem extends Error {
  readonly code: ProblemCode;
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  readonly errors?: ProblemFieldError[];
  /** Response headers the answer carries besides its content type (`Retry-After`). */
  readonly headers?: Readonly<Record<string, string>>;

  constructor(
    code: ProblemCode,
    detail: string,
    options?: { errors?: ProblemFieldError[]; headers?: Record<string, string>; cause?: unknown },
  ) {
    super(`@scanrelay/api: ${detail}`, { cause: options?.cause });
    this.name = 'ApiProblem';
    this.code = code;
    this.status = PROBLEM_CODES[code].status;
    this.title = PROBLEM_CODES[code].title;
    this.detail = detail;
    this.errors = options?.errors;
    this.headers = options?.headers;
  }

  toJSON(instance?: string) {
    return {
      type: `urn:scanrelay:problem:${this.code.toLowerCase().replaceAll('_', '-')}`,
      title: this.title,
      status: this.status,
      detail: this.detail,
      code: this.code,
      ...(instance ? { instance } : {}),
      ...(this.errors ? { errors: this.errors } : {}),
    };
  }
}

export function notFound(what: string): ApiProblem {
  return new ApiProblem('NOT_FOUND', `${what} was not found`);
}
