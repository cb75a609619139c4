import { describe, expect, it } from 'vitest';
import { ConversionError, isConversionError } from './conversion-error.js';

describe('ConversionError', () => {
  it('keeps the message without the package prefix as detail', () => {
    const e = new ConversionError('secureCodeBox findings', [{ path: '$[0].name', message: 'Required' }]);
    expect(e.message).toBe('@scanrelay/findings-schema: invalid secureCodeBox findings: $[0].name: Required');
    expect(e.detail).toBe('invalid secureCodeBox findings: $[0].name: Required');
    expect(e.code).toBe('CONVERSION_ERROR');
  });

  it('is recognised by its brand, also from another copy of the package', () => {
    expect(isConversionError(new ConversionError('x', []))).toBe(true);
    const foreign = Object.assign(new Error('x'), { [Symbol.for('@scanrelay/findings-schema/error')]: true });
    expect(isConversionError(foreign)).toBe(true);
    expect(isConversionError(new Error('ConversionError'))).toBe(false);
  });
});
