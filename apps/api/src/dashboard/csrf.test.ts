import { describe, expect, it } from 'vitest';
import { csrfTokenFor, isSameToken } from './csrf.js';

describe('csrf', () => {
  it('derives a stable token per session and compares exactly', () => {
    const t = csrfTokenFor('session-a');
    expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(csrfTokenFor('session-a')).toBe(t);
    expect(csrfTokenFor('session-b')).not.toBe(t);
    expect(isSameToken(t, t)).toBe(true);
    expect(isSameToken(t, `${t}x`)).toBe(false);
    expect(isSameToken(t, undefined)).toBe(false);
    expect(isSameToken(t, '')).toBe(false);
  });
});
