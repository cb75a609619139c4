import { describe, expect, it } from 'vitest';
import { createVerifier } from './create-verifier.js';
import { createMemoryDeliveryStore } from './memory-delivery-store.js';
import { SCHEMES } from './scheme.js';
import { sign } from './sign.js';
import { verifySync } from './verify.js';

const NOW = 1_700_000_000;
const body = '{"scanId":"s-3"}';

describe('createVerifier', () => {
  it.each(SCHEMES)('%s: answers as verifySync does, for good and bad deliveries', (scheme) => {
    const secret = ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', new Uint8Array(32).fill(9)];
    const headers = sign({ scheme, secret: secret[1]!, body, id: 'msg_v', timestamp: NOW });
    const verifier = createVerifier({ scheme, secret });
    for (const [b, now] of [
      [body, NOW],
      ['{"scanId":"s-4"}', NOW],
      [body, NOW + 301],
    ] as const) {
      const expected = verifySync({ scheme, secret, body: b, headers, now: now * 1000 });
      expect(verifier.verifySync(b, headers, { now: now * 1000 })).toEqual(expected);
    }
    expect(verifier.verifySync(body, headers, { now: NOW * 1000 })).toMatchObject({ ok: true });
  });

  it('consults its store in verify()', async () => {
    let now = NOW * 1000;
    const verifier = createVerifier({
      scheme: 'scanrelay',
      secret: 's',
      store: createMemoryDeliveryStore({ now: () => now }),
    });
    const headers = sign({ scheme: 'scanrelay', secret: 's', body, id: 'msg_once', timestamp: NOW });
    expect(await verifier.verify(body, headers, { now })).toMatchObject({ ok: true, deliveryId: 'msg_once' });
    now += 1000;
    expect(await verifier.verify(body, headers, { now })).toMatchObject({ ok: false, reason: 'replayed' });
  });

  it('checks its options once, with TypeError', () => {
    expect(() => createVerifier({ scheme: 'github', secret: [] })).toThrow(TypeError);
    expect(() => createVerifier({ scheme: 'stripe', secret: 's', toleranceSeconds: Number.NaN })).toThrow(
      TypeError,
    );
    expect(() => createVerifier({ scheme: 'stripe', secret: 's', store: {} as never })).toThrow(TypeError);
  });
});
