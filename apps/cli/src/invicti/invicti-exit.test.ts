import { InvictiAuthError, InvictiHttpError, InvictiResponseError } from '@scanrelay/invicti-client';
import { InvictiRunError, type InvictiRunOutcome } from '@scanrelay/invicti-run';
import { describe, expect, it } from 'vitest';
import { exitForOutcome, exitForRunError } from './invicti-exit.js';

describe('Invicti exit codes', () => {
  it('maps credentials and launch failures to 2, failures after the launch to 3', () => {
    const auth = new InvictiRunError(
      'credentials_rejected',
      'Invicti rejected the credentials (401) (credentials from SCB_INVICTI__APIKEY)',
      { cause: new InvictiAuthError('unauthorized', 'Invicti rejected the credentials (401)') },
    );
    expect(exitForRunError(auth.code)).toBe(2);
    expect(exitForRunError('invalid_settings')).toBe(2);
    expect(exitForRunError('launch_failed')).toBe(2);
    expect(exitForRunError('not_found')).toBe(2);
    expect(exitForRunError('lookup_failed')).toBe(3);
    const incomplete = (error: unknown): InvictiRunOutcome => ({
      kind: 'incomplete',
      scanId: 's1',
      reason: 'error',
      state: 'Scanning',
      detail: 'waiting for the scan failed',
      error,
    });
    expect(exitForOutcome(incomplete(new InvictiHttpError('server_error', 'boom')))).toBe(3);
    expect(exitForOutcome(incomplete(new InvictiResponseError('bad')))).toBe(3);
    expect(
      exitForOutcome({ kind: 'interrupted', phase: 'wait', scanId: 's1', cancelled: true, detail: 'x' }),
    ).toBe(130);
  });
});
