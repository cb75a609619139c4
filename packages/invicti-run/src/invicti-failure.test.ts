import {
  InvictiAuthError,
  InvictiHttpError,
  InvictiResponseError,
  InvictiTimeoutError,
} from '@scanrelay/invicti-client';
import { describe, expect, it } from 'vitest';
import { type InvictiPhase, invictiFailure } from './invicti-failure.js';
import { InvictiRunError } from './invicti-run-error.js';

const source = 'SCB_INVICTI__APIKEY';

/** The InvictiRunError that invictiFailure throws, or the description it returns for an incomplete outcome. */
function classify(error: unknown, phase: InvictiPhase): InvictiRunError | string {
  try {
    return invictiFailure(error, phase, source);
  } catch (e) {
    if (e instanceof InvictiRunError) return e;
    throw e;
  }
}

describe('invictiFailure', () => {
  it('ends the run on credentials and launch failures (exit 2), describes failures after the launch (exit 3)', () => {
    const auth = classify(
      new InvictiAuthError('unauthorized', 'Invicti rejected the credentials (401)'),
      'wait',
    ) as InvictiRunError;
    expect([auth.code, auth.detail]).toEqual([
      'credentials_rejected',
      'Invicti rejected the credentials (401) (credentials from SCB_INVICTI__APIKEY)',
    ]);
    expect(auth.cause).toBeInstanceOf(InvictiAuthError);
    expect((classify(new InvictiHttpError('server_error', 'boom'), 'launch') as InvictiRunError).code).toBe(
      'launch_failed',
    );
    expect((classify(new InvictiHttpError('server_error', 'boom'), 'launch') as InvictiRunError).detail).toBe(
      'launching the scan failed: boom',
    );
    expect(classify(new InvictiHttpError('server_error', 'boom'), 'wait')).toBe(
      'waiting for the scan failed: boom',
    );
    expect(classify(new InvictiResponseError('bad'), 'issues')).toBe('fetching the issues failed: bad');
    const gone = classify(new InvictiHttpError('not_found', 'gone'), 'lookup') as InvictiRunError;
    expect([gone.code, gone.detail]).toEqual([
      'not_found',
      'gone: check --scan-id / SCB_SCAN__ID, --website-id and --url',
    ]);
    expect((classify(new InvictiTimeoutError('slow'), 'lookup') as InvictiRunError).code).toBe(
      'lookup_failed',
    );
    const other = new Error('disk full');
    expect(() => invictiFailure(other, 'issues', source)).toThrow(other);
  });
});
