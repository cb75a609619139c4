import { describe, expect, it } from 'vitest';
import { generateSecret } from './secret.js';
import { sign, signDelivery } from './sign.js';
import { verifySync } from './verify.js';

const NOW = 1_700_000_000;
const body = '{"scanId":"s-1","verdict":"fail"}';

describe('key rotation', () => {
  const oldSecret = generateSecret();
  const newSecret = generateSecret();

  it.each(['scanrelay', 'standard', 'stripe'] as const)(
    '%s: one signature per secret; either secret verifies',
    (scheme) => {
      const headers = sign({ scheme, secret: [newSecret, oldSecret], body, id: 'msg_r', timestamp: NOW });
      const value = Object.values(headers).join(' ');
      const count = (value.match(/hmac-sha256=|v1[,=]/g) ?? []).length;
      expect(count).toBe(2);
      for (const secret of [oldSecret, newSecret, [generateSecret(), oldSecret]]) {
        expect(verifySync({ scheme, secret, body, headers, now: NOW * 1000 })).toMatchObject({ ok: true });
      }
      expect(verifySync({ scheme, secret: generateSecret(), body, headers, now: NOW * 1000 })).toMatchObject({
        ok: false,
        reason: 'signature_mismatch',
      });
    },
  );

  it('github: the receiver tries several secrets; the sender can send only one signature', () => {
    const headers = sign({ scheme: 'github', secret: oldSecret, body });
    expect(verifySync({ scheme: 'github', secret: [newSecret, oldSecret], body, headers })).toMatchObject({
      ok: true,
    });
    expect(() => sign({ scheme: 'github', secret: [newSecret, oldSecret], body })).toThrow(TypeError);
  });
});

describe('sign', () => {
  it('generates a msg_ id and the current timestamp by default', () => {
    const before = Math.floor(Date.now() / 1000);
    const signed = signDelivery({ scheme: 'standard', secret: generateSecret(), body });
    expect(signed.deliveryId).toMatch(/^msg_[0-9a-f]{32}$/);
    expect(signed.headers['webhook-id']).toBe(signed.deliveryId);
    expect(signed.timestamp).toBeGreaterThanOrEqual(before);
    expect(signed.timestamp).toBeLessThanOrEqual(before + 2);
  });

  it('tells the delivery id a receiver derives for schemes that sign none', () => {
    const secret = 'whsec_stripe_like';
    const signed = signDelivery({ scheme: 'stripe', secret, body, timestamp: NOW });
    const verified = verifySync({ scheme: 'stripe', secret, body, headers: signed.headers, now: NOW * 1000 });
    expect(verified).toEqual({ ok: true, scheme: 'stripe', deliveryId: signed.deliveryId, timestamp: NOW });
    expect(signed.deliveryId).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it.each([
    ['an id with a dot', { id: 'a.b' }],
    ['an empty id', { id: '' }],
    ['a timestamp in milliseconds', { timestamp: NOW * 1000 }],
    ['a fractional timestamp', { timestamp: NOW + 0.5 }],
    ['legacy outside the scanrelay scheme', { scheme: 'standard', legacy: true }],
    ['no secret', { secret: undefined }],
  ])('throws TypeError for %s', (_name, extra) => {
    expect(() => sign({ scheme: 'scanrelay', secret: 's', body, ...extra } as never)).toThrow(TypeError);
  });

  it('generateSecret makes whsec_ secrets of 24 to 64 random bytes', () => {
    const secret = generateSecret(24);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(generateSecret()).not.toBe(generateSecret());
    expect(() => generateSecret(16)).toThrow(TypeError);
  });
});
