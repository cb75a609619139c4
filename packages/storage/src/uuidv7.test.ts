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

  it('holds the time in its first 48 bits, the counter after the version, and 62 random bits', () => {
    const ms = 1_900_000_000_123;
    // More ids than one fill of the random pool holds: every id gets fresh bytes.
    const ids = Array.from({ length: 1500 }, () => uuidv7(ms));
    const first = ids[0] ?? '';
    expect(first.slice(0, 8) + first.slice(9, 13)).toBe(ms.toString(16).padStart(12, '0'));
    expect(
      ids.every((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id)),
    ).toBe(true);
    expect(new Set(ids.map((id) => id.slice(19))).size).toBe(ids.length);
  });
});
