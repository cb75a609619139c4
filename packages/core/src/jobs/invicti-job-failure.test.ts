import { InvictiError, InvictiHttpError, InvictiResponseError } from '@scanrelay/invicti-client';
import { describe, expect, it } from 'vitest';
import { invictiJobFailure } from './invicti-job-failure.js';
import { isPermanentJobError } from './permanent-job-error.js';

describe('invictiJobFailure', () => {
  it('makes an unknown scan and a response of the wrong shape permanent', () => {
    const notFound = new InvictiHttpError('not_found', 'Invicti answered 404 for GET …', { status: 404 });
    const shape = new InvictiResponseError('expected State, got nothing', { path: 'State' });
    for (const err of [notFound, shape]) {
      const failure = invictiJobFailure(err, 'abc');
      expect(isPermanentJobError(failure)).toBe(true);
      expect((failure as Error).message).toContain(`Invicti scan abc: ${err.detail} (${err.code}`);
      expect((failure as Error).cause).toBe(err);
    }
  });

  it('leaves retryable failures, a lost lease and foreign errors to the queue', () => {
    const rateLimited = new InvictiHttpError('rate_limited', '429', { retryable: true });
    const aborted = new InvictiError('aborted', 'aborted');
    const other = new Error('socket hang up');
    for (const err of [rateLimited, aborted, other]) expect(invictiJobFailure(err, 'abc')).toBe(err);
  });
});
