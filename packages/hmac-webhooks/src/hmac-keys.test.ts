import { describe, expect, it } from 'vitest';
import { cachedSecretCount, hmacKeysFor, MAX_CACHED_SECRETS } from './hmac-keys.js';
import { keysFor } from './secret.js';
import { sign } from './sign.js';
import { verifySync } from './verify.js';

const NOW = 1_700_000_000;
const body = '{"scanId":"s-9"}';

describe('hmacKeysFor (one-shot verify)', () => {
  it('prepares a string secret once and answers the same keys after', () => {
    const before = cachedSecretCount();
    const secret = `whsec_once_${Math.random()}`;
    const first = hmacKeysFor('scanrelay', secret);
    expect(hmacKeysFor('scanrelay', secret)).toBe(first);
    expect(hmacKeysFor('scanrelay', [secret])[0]).toBe(first[0]);
    expect(cachedSecretCount()).toBe(Math.min(before + 1, 2 * MAX_CACHED_SECRETS));
  });

  it('holds at most MAX_CACHED_SECRETS string secrets per kind, and still verifies evicted ones', () => {
    const first = `first_${Math.random()}`;
    const headers = sign({ scheme: 'scanrelay', secret: first, body, id: 'm1', timestamp: NOW });
    expect(verifySync({ scheme: 'scanrelay', secret: first, body, headers, now: NOW * 1000 }).ok).toBe(true);
    for (let i = 0; i < MAX_CACHED_SECRETS + 10; i++) hmacKeysFor('github', `s${i}_${Math.random()}`);
    expect(cachedSecretCount()).toBeLessThanOrEqual(2 * MAX_CACHED_SECRETS);
    expect(verifySync({ scheme: 'scanrelay', secret: first, body, headers, now: NOW * 1000 }).ok).toBe(true);
  });

  it('reads a Uint8Array secret afresh each time: rewriting its bytes changes the key', () => {
    const secret = new Uint8Array(32).fill(1);
    const headers = sign({ scheme: 'scanrelay', secret, body, id: 'm2', timestamp: NOW });
    const check = () => verifySync({ scheme: 'scanrelay', secret, body, headers, now: NOW * 1000 });
    expect(check().ok).toBe(true);
    secret.fill(2);
    expect(check()).toMatchObject({ ok: false, reason: 'signature_mismatch' });
    secret.fill(1);
    expect(check().ok).toBe(true);
  });

  it('keeps a Standard Webhooks secret apart from the same text used as UTF-8 bytes', () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const standard = sign({ scheme: 'standard', secret, body, id: 'm3', timestamp: NOW });
    const scanrelay = sign({ scheme: 'scanrelay', secret, body, id: 'm3', timestamp: NOW });
    for (let round = 0; round < 2; round++) {
      expect(verifySync({ scheme: 'standard', secret, body, headers: standard, now: NOW * 1000 }).ok).toBe(
        true,
      );
      expect(verifySync({ scheme: 'scanrelay', secret, body, headers: scanrelay, now: NOW * 1000 }).ok).toBe(
        true,
      );
    }
  });

  it.each([
    ['standard', 'whsec_not base64!'],
    ['scanrelay', ''],
    ['scanrelay', []],
    ['github', ['ok', 7]],
    ['scanrelay', undefined],
  ] as const)('throws keysFor’s TypeError for %s %j, and keeps nothing', (scheme, secret) => {
    const before = cachedSecretCount();
    const expected = (() => {
      try {
        keysFor(scheme, secret as never);
      } catch (error) {
        return error as TypeError;
      }
    })();
    expect(expected).toBeInstanceOf(TypeError);
    expect(() => hmacKeysFor(scheme, secret as never)).toThrow(expected!.message);
    expect(cachedSecretCount()).toBe(before);
  });
});
