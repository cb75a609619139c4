import { describe, expect, it } from 'vitest';
import { matchesToken, presentedToken } from './match-token.js';

describe('presentedToken and matchesToken', () => {
  it('reads a Bearer token, and a Basic password only when asked to', () => {
    const basic = `Basic ${Buffer.from('invicti:s3cret-token').toString('base64')}`;
    expect(presentedToken('Bearer abc.def')).toBe('abc.def');
    expect(presentedToken('bearer  abc ')).toBe('abc');
    expect(presentedToken(basic)).toBeUndefined();
    expect(presentedToken(basic, { basic: true })).toBe('s3cret-token');
    expect(presentedToken('Token abc')).toBeUndefined();
    expect(presentedToken(undefined)).toBeUndefined();
  });

  it('matches one of several tokens, never a prefix or an absent token', () => {
    expect(matchesToken('new-token', ['old-token', 'new-token'])).toBe(true);
    expect(matchesToken('new-toke', ['new-token'])).toBe(false);
    expect(matchesToken(undefined, ['new-token'])).toBe(false);
    expect(matchesToken('anything', [])).toBe(false);
  });
});
