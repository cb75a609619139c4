/** Stable codes of `StorageError`. */
export type StorageErrorCode =
  | 'invalid_url'
  | 'connection_failed'
  | 'migration_failed'
  | 'conflict'
  | 'invalid_input'
  | 'closed';

const PREFIX = '@scanrelay/storage: ';

/** Set on every instance, so two copies of this package (two versions in one tree) recognise each other's errors. */
const BRAND = Symbol.for('@scanrelay/storage/error');

/**
 * The base error of `@scanrelay/storage`: `code` is stable, the message names the package and
 * `detail` is the message without that prefix (for apps to show).
 */
export class StorageError extends Error {
  readonly code: StorageErrorCode;
  readonly detail: string;

  constructor(code: StorageErrorCode, message: string, options?: { cause?: unknown }) {
    super(`${PREFIX}${message}`, options);
    this.name = 'StorageError';
    this.code = code;
    this.detail = message;
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/** True for a `StorageError`, also one thrown by another copy of this package. */
export function isStorageError(err: unknown): err is StorageError {
  return err instanceof StorageError || (typeof err === 'object' && err !== null && BRAND in err);
}
