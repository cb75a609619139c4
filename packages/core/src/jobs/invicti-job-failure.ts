import { isInvictiError } from '@scanrelay/invicti-client';
import { PermanentJobError } from './permanent-job-error.js';

/**
 * What a failed Invicti call means for a job: an error the client marks non-retryable (an unknown
 * scan, a response of the wrong shape, refused credentials) becomes a PermanentJobError, so the job
 * fails at once instead of retrying into the dead-letter state; anything else (429, 5xx, network, a
 * lost lease) is returned as it is, for the queue to retry.
 */
export function invictiJobFailure(err: unknown, scanId: string): unknown {
  if (!isInvictiError(err) || err.retryable || err.code === 'aborted') return err;
  return new PermanentJobError(
    `Invicti scan ${scanId}: ${err.detail} (${err.code}: a retry cannot fix this)`,
    { cause: err },
  );
}
