import { describe, expect, it } from 'vitest';
import {
  InvictiAbortError,
  InvictiAuthError,
  InvictiError,
  InvictiHttpError,
  InvictiResponseError,
  InvictiTimeoutError,
  isInvictiError,
} from './invicti-error.js';

describe('isInvictiError', () => {
  it('recognises every error class of the client, and nothing else', () => {
    const errors = [
      new InvictiError('network_error', 'x'),
      new InvictiAuthError('unauthorized', 'x'),
      new InvictiHttpError('server_error', 'x'),
      new InvictiResponseError('x'),
      new InvictiTimeoutError('x'),
      new InvictiAbortError('x'),
    ];
    expect(errors.map(isInvictiError)).toEqual([true, true, true, true, true, true]);
    expect(errors.every((e) => e instanceof InvictiError)).toBe(true);
    expect(isInvictiError(new TypeError('x'))).toBe(false);
    expect(isInvictiError(Object.assign(new Error('x'), { code: 'ENOENT' }))).toBe(false);
    // Name-alike errors of other libraries are not ours.
    expect(isInvictiError(Object.assign(new Error('x'), { name: 'InvictiHttpError', code: 'x' }))).toBe(
      false,
    );
  });

  it("recognises another copy's errors by their Symbol.for brand", () => {
    class OtherCopyError extends Error {}
    const foreign = new OtherCopyError('@scanrelay/invicti-client: boom');
    Object.defineProperty(foreign, Symbol.for('@scanrelay/invicti-client/error'), { value: true });
    expect(foreign instanceof InvictiError).toBe(false);
    expect(isInvictiError(foreign)).toBe(true);
  });

  it('keeps the prefixed message and carries the detail without the prefix', () => {
    const e = new InvictiHttpError('not_found', 'Invicti answered 404 for GET x');
    expect(e.message).toBe('@scanrelay/invicti-client: Invicti answered 404 for GET x');
    expect(e.detail).toBe('Invicti answered 404 for GET x');
    expect(e.code).toBe('not_found');
  });
});
