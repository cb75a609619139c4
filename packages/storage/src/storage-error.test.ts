import { describe, expect, it } from 'vitest';
import { isStorageError, StorageError } from './storage-error.js';

describe('StorageError', () => {
  it('keeps its code and the message without the package prefix as detail', () => {
    const e = new StorageError('closed', 'the store is closed');
    expect(e.message).toBe('@scanrelay/storage: the store is closed');
    expect(e.detail).toBe('the store is closed');
    expect(e.code).toBe('closed');
  });

  it('is recognised by its brand, also from another copy of the package', () => {
    expect(isStorageError(new StorageError('conflict', 'x'))).toBe(true);
    const foreign = Object.assign(new Error('x'), { [Symbol.for('@scanrelay/storage/error')]: true });
    expect(isStorageError(foreign)).toBe(true);
    expect(isStorageError(new Error('StorageError'))).toBe(false);
    expect(isStorageError(null)).toBe(false);
  });
});
