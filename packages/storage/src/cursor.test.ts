import { describe, expect, it } from 'vitest';
import { decodeCursor, toPage } from './cursor.js';
import { isStorageError } from './storage-error.js';

const encode = (key: unknown) => Buffer.from(JSON.stringify(key)).toString('base64url');

describe('decodeCursor', () => {
  it('reads back what toPage wrote', () => {
    const page = toPage(
      [
        { at: '2026-01-02T03:04:05.678Z', id: 'b' },
        { at: 'x', id: 'a' },
      ],
      1,
      (r) => [r.at, r.id],
    );
    expect(decodeCursor(page.nextCursor!, ['timestamp', 'text'])).toEqual(['2026-01-02T03:04:05.678Z', 'b']);
  });

  it.each([
    ['garbage', 'not base64 json'],
    ['wrong length', encode(['a'])],
    ['numbers', encode([1, 2])],
    ['objects', encode([{}, []])],
    ['a time that is not one', encode(['yesterday', 'a'])],
    ['NUL', encode(['2026-01-02T03:04:05.678Z', 'a\u0000'])],
  ])('refuses %s naming the cursor parameter', (_, cursor) => {
    let err: unknown;
    try {
      decodeCursor(cursor, ['timestamp', 'text']);
    } catch (e) {
      err = e;
    }
    expect(isStorageError(err)).toBe(true);
    expect(err).toMatchObject({ code: 'invalid_input', parameter: 'cursor' });
  });
});
