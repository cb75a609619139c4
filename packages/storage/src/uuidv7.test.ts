import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { uuidv7 } from './uuidv7.js';

describe('uuidv7', () => {
  it('makes valid version-7 UUIDs that sort in creation order, within one millisecond too', () => {
    const ids = Array.from({ length: 5000 }, () => uuidv7(1_700_000_000_000));
    expect(ids.every((id) => z.uuid().safeParse(id).success)).toBe(true);
    expect(ids[0]?.[14]).toBe('7');
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(uuidv7(1_800_000_000_000) > (ids.at(-1) ?? '')).toBe(true);
  });
});
