import { describe, expect, it } from 'vitest';
import { readPageKey } from './page-auth.js';

const basic = (userPass: string) =>
  new Headers({ authorization: `Basic ${Buffer.from(userPass, 'utf8').toString('base64')}` });

describe('readPageKey', () => {
  it('takes the password of HTTP Basic, whatever the user name, colons in the password kept', () => {
    expect(readPageKey(basic('anyone:sr_key_1'))).toBe('sr_key_1');
    expect(readPageKey(basic(':sr_key_2'))).toBe('sr_key_2');
    expect(readPageKey(basic('me:a:b'))).toBe('a:b');
  });

  it('has no key for Basic without a password or with something that is not base64', () => {
    expect(readPageKey(basic('only-a-user'))).toBeUndefined();
    expect(readPageKey(basic('user:'))).toBeUndefined();
    expect(readPageKey(new Headers({ authorization: 'Basic !!!' }))).toBeUndefined();
    expect(readPageKey(new Headers({ authorization: 'Basic a b' }))).toBeUndefined();
    // A Basic header wins over X-API-Key: a bad one is not silently replaced by another credential.
    expect(readPageKey(new Headers({ authorization: 'Basic !!!', 'x-api-key': 'k' }))).toBeUndefined();
  });

  it('falls back to Bearer and X-API-Key like the API', () => {
    expect(readPageKey(new Headers({ authorization: 'Bearer sr_key_3' }))).toBe('sr_key_3');
    expect(readPageKey(new Headers({ 'x-api-key': 'sr_key_4' }))).toBe('sr_key_4');
    expect(readPageKey(new Headers())).toBeUndefined();
  });

  it('reads a long hostile header in linear time', () => {
    const started = performance.now();
    expect(readPageKey(new Headers({ authorization: `Basic ${'A'.repeat(100_000)}!` }))).toBeUndefined();
    expect(readPageKey(new Headers({ authorization: `Basic ${' '.repeat(100_000)}x!` }))).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
