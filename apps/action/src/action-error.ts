/** Why the Action stopped: bad inputs (`input`), a service or tool that failed (`failed`). */
export type ActionErrorCode = 'input' | 'failed';

/**
 * An error the Action reports as the step's failure message (no stack trace). Messages start with
 * `scanrelay action:` and say what was expected and what came.
 */
export class ActionError extends Error {
  readonly code: ActionErrorCode;
  constructor(code: ActionErrorCode, message: string, options?: { cause?: unknown }) {
    super(`scanrelay action: ${message}`, options);
    this.name = 'ActionError';
    this.code = code;
  }
}

export function isActionError(err: unknown): err is ActionError {
  return err instanceof ActionError;
}
