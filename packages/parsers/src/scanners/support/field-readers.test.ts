import { describe, expect, it } from 'vitest';
import {
  isoDate,
  nonBlankString,
  nonEmptyString,
  positiveInteger,
  positiveIntegerLike,
  putString,
} from './field-readers.js';

describe('field readers', () => {
  it('nonEmptyString keeps any string with a character, blank ones included', () => {
    expect(nonEmptyString('a')).toBe('a');
    expect(nonEmptyString(' ')).toBe(' ');
    expect(nonEmptyString('')).toBeUndefined();
    expect(nonEmptyString(3)).toBeUndefined();
    expect(nonEmptyString(null)).toBeUndefined();
  });

  it('nonBlankString refuses whitespace-only strings and keeps the others as written', () => {
    expect(nonBlankString(' a ')).toBe(' a ');
    expect(nonBlankString(' \n\t')).toBeUndefined();
    expect(nonBlankString('')).toBeUndefined();
    expect(nonBlankString(['a'])).toBeUndefined();
  });

  it('positiveInteger takes integers above 0 given as numbers only', () => {
    expect(positiveInteger(12)).toBe(12);
    expect(positiveInteger(0)).toBeUndefined();
    expect(positiveInteger(-3)).toBeUndefined();
    expect(positiveInteger(1.5)).toBeUndefined();
    expect(positiveInteger('12')).toBeUndefined();
    expect(positiveInteger(Number.NaN)).toBeUndefined();
  });

  it('positiveIntegerLike also reads numeric strings', () => {
    expect(positiveIntegerLike('12')).toBe(12);
    expect(positiveIntegerLike(7)).toBe(7);
    expect(positiveIntegerLike('')).toBeUndefined();
    expect(positiveIntegerLike('0')).toBeUndefined();
    expect(positiveIntegerLike('1.5')).toBeUndefined();
    expect(positiveIntegerLike('x')).toBeUndefined();
  });

  it('isoDate normalises parseable dates to UTC ISO 8601 and drops the rest', () => {
    expect(isoDate('2021-06-25T09:59:00+02:00')).toBe('2021-06-25T07:59:00.000Z');
    expect(isoDate('not a date')).toBeUndefined();
    expect(isoDate(1624607940000)).toBeUndefined();
  });

  it('putString sets only non-empty strings', () => {
    const attrs: Record<string, unknown> = {};
    putString(attrs, 'a', 'x');
    putString(attrs, 'b', '');
    putString(attrs, 'c', 5);
    expect(attrs).toEqual({ a: 'x' });
  });
});
