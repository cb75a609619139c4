/** Stable codes of `CoreError`. */
export type CoreErrorCode = 'invalid_finding' | 'invalid_input' | 'not_found';

/** The base error of `@scanrelay/core`: `code` is stable, the message names the package. */
export class CoreError extends Error {
  readonly code: CoreErrorCode;
  constructor(code: CoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(`@scanrelay/core: ${message}`, options);
    this.name = 'CoreError';
    this.code = code;
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

export function isCoreError(err: unknown): err is CoreError {
  return err instanceof CoreError;
}
