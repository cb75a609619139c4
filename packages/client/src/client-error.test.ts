import { describe, expect, it } from 'vitest';
import { ClientError, isClientError } from './client-error.js';

describe('ClientError', () => {
  it('carries its detail without the package prefix', () => {
    const err = new ClientError('timeout', 'the request timed out', { retryable: true });
    expect(err.message).toBe('@scanrelay/client: the request timed out');
    expect(err).toMatchObject({ code: 'timeout', detail: 'the request timed out', retryable: true });
  });

  it('is recognised by its brand, also when thrown by another copy of the package', () => {
    const foreign = Object.assign(new Error('x'), { [Symbol.for('@scanrelay/client/error')]: true });
    expect(isClientError(new ClientError('aborted', 'the request was aborted'))).toBe(true);
    expect(isClientError(foreign)).toBe(true);
    expect(isClientError(new Error('x'))).toBe(false);
    expect(isClientError(undefined)).toBe(false);
  });
});
