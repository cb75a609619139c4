import { describe, expect, it } from 'vitest';
import { stripNul } from './strip-nul.js';

describe('stripNul', () => {
  it('removes NUL from every string and key, at any depth, without touching the input', () => {
    const input = { 'a\u0000': ['x\u0000y', { deep: [1, null, '\u0000'] }], n: 3 };
    expect(stripNul(input)).toEqual({ a: ['xy', { deep: [1, null, ''] }], n: 3 });
    expect(input['a\u0000'][0]).toBe('x\u0000y');
  });

  it('handles nesting far deeper than the stack', () => {
    let deep: unknown = 'b\u0000';
    for (let i = 0; i < 20_000; i++) deep = [deep];
    let out = stripNul(deep);
    for (let i = 0; i < 20_000; i++) out = (out as unknown[])[0];
    expect(out).toBe('b');
  });
});
