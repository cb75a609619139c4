import { describe, expect, it } from 'vitest';
import { isQueueError, QueueError } from './queue-error.js';

describe('QueueError', () => {
  it('keeps its code and the message without the package prefix as detail', () => {
    const e = new QueueError('LEASE_LOST', 'job 7 was taken over');
    expect(e.message).toBe('@scanrelay/queue: job 7 was taken over');
    expect(e.detail).toBe('job 7 was taken over');
    expect(e.code).toBe('LEASE_LOST');
    // a message that already names the package is not prefixed twice
    expect(new QueueError('CONFIG', '@scanrelay/queue: no database').detail).toBe('no database');
  });

  it('is recognised by its brand, also from another copy of the package', () => {
    expect(isQueueError(new QueueError('BACKEND', 'down'))).toBe(true);
    const foreign = Object.assign(new Error('x'), { [Symbol.for('@scanrelay/queue/error')]: true });
    expect(isQueueError(foreign)).toBe(true);
    expect(isQueueError(new Error('QueueError'))).toBe(false);
    expect(isQueueError(null)).toBe(false);
  });
});
