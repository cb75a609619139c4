import { describe, expect, it } from 'vitest';
import { isCoreError } from '../core-error.js';
import { createSecretBox, generateSecretsKey, parseSecretsKey } from './secret-box.js';

const credentials = { clientId: 'client-a', clientSecret: 'phx-very-secret-value' };

describe('secret box', () => {
  it('seals and opens a value; the sealed text holds nothing of it', () => {
    const box = createSecretBox(parseSecretsKey(generateSecretsKey()));
    const sealed = box.seal(credentials);
    expect(sealed).not.toContain('phx-very-secret-value');
    expect(sealed).not.toContain('client-a');
    expect(box.open(sealed)).toEqual(credentials);
    expect(box.seal(credentials)).not.toBe(sealed); // a fresh IV each time
  });

  it('refuses another key, an altered byte and a shortened tag, without quoting anything', () => {
    const key = generateSecretsKey();
    const box = createSecretBox(parseSecretsKey(key));
    const sealed = box.seal(credentials);
    const other = createSecretBox(parseSecretsKey(generateSecretsKey()));
    const refusal = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e;
      }
      throw new Error('not refused');
    };
    const wrongKey = refusal(() => other.open(sealed));
    expect(isCoreError(wrongKey) && wrongKey.code).toBe('invalid_input');
    expect(String(wrongKey)).not.toContain(key);

    const [v, iv, tag, body] = sealed.split('.') as [string, string, string, string];
    const flipped = Buffer.from(body, 'base64url');
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(isCoreError(refusal(() => box.open([v, iv, tag, flipped.toString('base64url')].join('.'))))).toBe(
      true,
    );
    const shortTag = Buffer.from(tag, 'base64url').subarray(0, 4).toString('base64url');
    expect(isCoreError(refusal(() => box.open([v, iv, shortTag, body].join('.'))))).toBe(true);
    expect(isCoreError(refusal(() => box.open('v2.a.b.c')))).toBe(true);
  });

  it('takes a key as 64 hex digits or base64 of 32 bytes, and says what it expected otherwise', () => {
    expect(parseSecretsKey('ab'.repeat(32))).toHaveLength(32);
    expect(parseSecretsKey(Buffer.alloc(32, 7).toString('base64url'))).toHaveLength(32);
    expect(() => parseSecretsKey('not-a-key-but-a-secret')).toThrow(
      /64 hex digits or base64 \(got 22 characters\)/,
    );
    expect(() => parseSecretsKey('not-a-key-but-a-secret')).not.toThrow(/not-a-key/);
  });
});
