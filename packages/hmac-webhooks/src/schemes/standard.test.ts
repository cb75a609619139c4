import { describe, expect, it } from 'vitest';
import { sign } from '../sign.js';
import { verifySync } from '../verify.js';

const NOW = 1_700_000_000;
const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const other = 'whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
const body = '{"a":1}';

describe('standard headers: the common form and every other accepted form', () => {
  const good = sign({ scheme: 'standard', secret, body, id: 'msg_s', timestamp: NOW })['webhook-signature']!;
  const wrong = sign({ scheme: 'standard', secret: other, body, id: 'msg_s', timestamp: NOW })[
    'webhook-signature'
  ]!;
  const check = (signature: string, names = 'webhook') =>
    verifySync({
      scheme: 'standard',
      secret,
      body,
      now: NOW * 1000,
      headers: {
        [`${names}-id`]: 'msg_s',
        [`${names}-timestamp`]: String(NOW),
        [`${names}-signature`]: signature,
      },
    });

  it('accepts one entry, padded or among others, under webhook-* or svix-* names', () => {
    for (const signature of [good, ` ${good} `, `${wrong} ${good}`, `v1a,xyz ${good}`, good.slice(0, -1)]) {
      expect(check(signature), signature).toMatchObject({ ok: true, deliveryId: 'msg_s', timestamp: NOW });
    }
    expect(check(good, 'svix')).toMatchObject({ ok: true, deliveryId: 'msg_s' });
  });

  it('refuses a one-entry header that is not v1 base64', () => {
    expect(check(`v2${good.slice(2)}`)).toMatchObject({ ok: false, reason: 'header_malformed' });
    expect(check(`${good.slice(0, 10)}*${good.slice(11)}`)).toMatchObject({
      ok: false,
      reason: 'header_malformed',
    });
    expect(check(wrong)).toMatchObject({ ok: false, reason: 'signature_mismatch' });
  });
});
