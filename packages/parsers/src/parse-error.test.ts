import { describe, expect, it } from 'vitest';
import { isParseError, ParseError } from './parse-error.js';

describe('ParseError', () => {
  it('carries the message without the package prefix as detail', () => {
    const e = new ParseError('trivy', { path: '$.Results[0]', offset: 12 }, 'an object', {
      got: 'an array of 2',
    });
    expect(e.message).toBe(
      '@scanrelay/parsers: trivy: at $.Results[0] (byte 12): expected an object, got an array of 2',
    );
    expect(e.detail).toBe('trivy: at $.Results[0] (byte 12): expected an object, got an array of 2');
    expect(e.code).toBe('PARSE_ERROR');
    expect(e).toBeInstanceOf(ParseError);
    expect(e).toBeInstanceOf(Error);
  });

  it('is recognised by isParseError, also when thrown by another copy of the package', () => {
    expect(isParseError(new ParseError('auto', { offset: 0 }, 'a scanner report'))).toBe(true);
    // Another copy has its own class but marks its instances with the same registered symbol.
    class OtherCopyParseError extends Error {
      constructor() {
        super('@scanrelay/parsers: zap: at line 1: expected XML');
        Object.defineProperty(this, Symbol.for('@scanrelay/parsers/error'), { value: true });
      }
    }
    expect(isParseError(new OtherCopyParseError())).toBe(true);
    expect(isParseError(new Error('@scanrelay/parsers: zap: at line 1: expected XML'))).toBe(false);
    expect(isParseError(Object.assign(new Error('x'), { name: 'ParseError', code: 'PARSE_ERROR' }))).toBe(
      false,
    );
    expect(isParseError(null)).toBe(false);
    expect(isParseError('ParseError')).toBe(false);
  });

  it('keeps the brand out of the enumerable fields', () => {
    const e = new ParseError('auto', { offset: 0 }, 'a scanner report');
    expect(Object.keys(e)).not.toContain(Symbol.for('@scanrelay/parsers/error').toString());
    expect(JSON.stringify({ ...e })).not.toContain('Symbol');
  });
});
