import { describe, expect, it } from 'vitest';
import { DispatchError, isDispatchError } from './dispatch-error.js';

describe('DispatchError', () => {
  it('keeps its code, status and the message without the package prefix as detail', () => {
    const e = new DispatchError('http_error', 'GitHub answered 502', { status: 502, retryable: true });
    expect(e.message).toBe('@scanrelay/dispatch: GitHub answered 502');
    expect(e.detail).toBe('GitHub answered 502');
    expect([e.code, e.status, e.retryable]).toEqual(['http_error', 502, true]);
    expect(e).toBeInstanceOf(DispatchError);
  });

  it('is recognised by its brand, also from another copy of the package', () => {
    expect(isDispatchError(new DispatchError('x', 'y'))).toBe(true);
    const foreign = Object.assign(new Error('x'), { [Symbol.for('@scanrelay/dispatch/error')]: true });
    expect(isDispatchError(foreign)).toBe(true);
    expect(isDispatchError(new Error('DispatchError'))).toBe(false);
    expect(isDispatchError(undefined)).toBe(false);
  });
});
