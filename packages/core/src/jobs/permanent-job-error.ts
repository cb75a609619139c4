/** Marks instances so that `isPermanentJobError` recognises them across two copies of this package. */
const BRAND = Symbol.for('@scanrelay/core/permanent-job-error');

/** A job failure that retrying cannot fix (a broken report, a missing upload): the job fails at once. */
export class PermanentJobError extends Error {
  readonly code = 'JOB_PERMANENT_FAILURE' as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentJobError';
    Object.defineProperty(this, BRAND, { value: true });
  }
}

export function isPermanentJobError(err: unknown): err is PermanentJobError {
  return err instanceof PermanentJobError || (typeof err === 'object' && err !== null && BRAND in err);
}
