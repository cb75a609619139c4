import { isInvictiError } from '@scanrelay/invicti-client';
import { InvictiRunError } from './invicti-run-error.js';

export type InvictiPhase = 'launch' | 'lookup' | 'wait' | 'issues';

/**
 * The one place an Invicti failure is classified. Rejected credentials (any phase), a failed launch
 * and a failed lookup end the run: they are thrown as InvictiRunError (`credentials_rejected`,
 * `launch_failed`, `not_found` for an id or URL that points nowhere, `lookup_failed`). A failure while
 * waiting or fetching the issues of a launched scan returns its description, for an `incomplete`
 * outcome. Anything that is not an InvictiError is rethrown unchanged.
 */
export function invictiFailure(error: unknown, phase: InvictiPhase, credentialSource: string): string {
  if (!isInvictiError(error)) throw error;
  const { detail } = error;
  if (error.code === 'unauthorized' || error.code === 'forbidden')
    throw new InvictiRunError('credentials_rejected', `${detail} (credentials from ${credentialSource})`, {
      cause: error,
    });
  if (phase === 'launch')
    throw new InvictiRunError('launch_failed', `launching the scan failed: ${detail}`, { cause: error });
  if (phase === 'lookup') {
    if (error.code === 'not_found' || error.code === 'bad_request') {
      const hint =
        error.code === 'not_found' ? ': check --scan-id / SCB_SCAN__ID, --website-id and --url' : '';
      throw new InvictiRunError('not_found', `${detail}${hint}`, { cause: error });
    }
    throw new InvictiRunError('lookup_failed', detail, { cause: error });
  }
  return phase === 'wait'
    ? `waiting for the scan failed: ${detail}`
    : `fetching the issues failed: ${detail}`;
}
