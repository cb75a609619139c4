/** Stable codes of `StorageError`. */
export type StorageErrorCode =
  | 'invalid_url'
  | 'connection_failed'
  | 'migration_failed'
  | 'conflict'
  | 'invalid_input'
  | 'closed';

/** The base error of `@scanrelay/storage`: `code` is stable, the message names the package. */
export class StorageError extends Error {
  readonly code: StorageErrorCode;
  constructor(code: StorageErrorCode, message: string, options?: { cause?: unknown }) {
    super(`@scanrelay/storage: ${message}`, options);
    this.name = 'StorageError';
    this.code = code;
  }
}

export function isStorageError(err: unknown): err is StorageError {
  return err instanceof StorageError;
}
