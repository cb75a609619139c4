/** A job failure that retrying cannot fix (a broken report, a missing upload): the job fails at once. */
export class PermanentJobError extends Error {
  readonly code = 'JOB_PERMANENT_FAILURE' as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentJobError';
  }
}
