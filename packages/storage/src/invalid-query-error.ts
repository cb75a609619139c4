import { StorageError } from './storage-error.js';

/**
 * A list query or lookup the store refuses on both backends alike (a cursor it did not hand out, a
 * NUL in a filter): `parameter` names what was wrong, for the caller's answer.
 */
export class InvalidQueryError extends StorageError {
  readonly parameter: string;
  constructor(parameter: string, detail: string) {
    super('invalid_input', `${parameter}: ${detail}`);
    this.name = 'InvalidQueryError';
    this.parameter = parameter;
  }
}

/**
 * Refuses a filter or lookup value with NUL: PostgreSQL cannot compare it (an error) where SQLite
 * would just match nothing, so both refuse it.
 */
export function checkQueryText(parameter: string, value: string | undefined): void {
  if (value?.includes('\u0000')) throw new InvalidQueryError(parameter, 'cannot contain NUL (\\u0000)');
}
