import { describe, expect, it } from 'vitest';
import { hmacSha256 } from '../hmac.js';
import { sign } from '../sign.js';
import { verifySync } from '../verify.js';
import { scanrelayScheme } from './scanrelay.js';

const NOW = 1_700_000_000;
const secret = 'scanrelay-test-secret';
const body = '{"scanId":"s-9"}';
const hex = (key: string, id = 'msg_1', ts = String(NOW)) =>
  hmacSha256(Buffer.from(key), `${id}.${ts}.`, Buffer.from(body)).toString('hex');
const check = (headers: Record<string, string>, secrets: string | string[] = secret) =>
  verifySync({ scheme: 'scanrelay', secret: secrets, body, headers, now: NOW * 1000 });

describe('scanrelay headers: the common form and every other accepted form', () => {
  it('reads the common form (one signature, bare values) to the same result as sign() describes', () => {
    const headers = sign({ scheme: 'scanrelay', secret, body, id: 'msg_1', timestamp: NOW });
    const parsed = scanrelayScheme.parse(headers, true);
    expect(parsed).toMatchObject({ prefix: `msg_1.${NOW}.`, id: 'msg_1', timestampMs: NOW * 1000 });
    expect(check(headers)).toEqual({ ok: true, scheme: 'scanrelay', deliveryId: 'msg_1', timestamp: NOW });
  });

  it('accepts upper-case hex and prefix, surrounding white space, and several entries', () => {
    const good = hex(secret);
    const other = hex('another-secret');
    const variants = [
      `hmac-sha256=${good.toUpperCase()}`,
      `HMAC-SHA256=${good}`,
      `  hmac-sha256=${good}\t`,
      `hmac-sha256=${other} hmac-sha256=${good}`,
      `hmac-sha256=${other},hmac-sha256=${good}`,
      `v1=${other} hmac-sha256=${good}`,
    ];
    for (const signature of variants) {
      const headers = {
        'x-webhook-id': ' msg_1 ',
        'x-webhook-timestamp': ` ${NOW}`,
        'x-webhook-signature': signature,
      };
      expect(check(headers), signature).toMatchObject({ ok: true, deliveryId: 'msg_1', timestamp: NOW });
    }
  });

  it('refuses a signature of the right length with one non-hex character, even one whose low bits are hex', () => {
    const good = hex(secret);
    for (const ch of ['g', ' ', '\u00b0', '\u00e1', '\u0130', '\u0661']) {
      const signature = `hmac-sha256=${good.slice(0, 10)}${ch}${good.slice(11)}`;
      const headers = {
        'x-webhook-id': 'msg_1',
        'x-webhook-timestamp': String(NOW),
        'x-webhook-signature': signature,
      };
      expect(check(headers), JSON.stringify(ch)).toMatchObject({ ok: false, reason: 'header_malformed' });
    }
  });

  it('checks the id and the timestamp as before, in that order', () => {
    const signature = `hmac-sha256=${hex(secret)}`;
    const run = (id: string, ts: string) =>
      check({ 'x-webhook-id': id, 'x-webhook-timestamp': ts, 'x-webhook-signature': signature });
    expect(run('msg.1', 'x')).toMatchObject({ reason: 'header_malformed', header: 'x-webhook-id' });
    expect(run('msg_\u00e9', String(NOW))).toMatchObject({
      reason: 'header_malformed',
      header: 'x-webhook-id',
    });
    expect(run('  ', String(NOW))).toMatchObject({ reason: 'header_missing', header: 'x-webhook-id' });
    expect(run('msg_1', '\u0661\u0662')).toMatchObject({
      reason: 'header_malformed',
      header: 'x-webhook-timestamp',
    });
    expect(run('msg_1', '1'.repeat(16))).toMatchObject({ reason: 'header_malformed' });
    expect(run('msg_1', '')).toMatchObject({ reason: 'header_missing', header: 'x-webhook-timestamp' });
  });

  it('keeps each decoded signature intact however many are decoded after it', () => {
    const first = hex(secret);
    const parsed = scanrelayScheme.parse(
      {
        'x-webhook-id': 'msg_1',
        'x-webhook-timestamp': String(NOW),
        'x-webhook-signature': `hmac-sha256=${first}`,
      },
      true,
    );
    for (let i = 0; i < 1000; i++) {
      scanrelayScheme.parse({ 'x-webhook-signature': `hmac-sha256=${'f'.repeat(64)}` }, true);
    }
    expect('signatures' in parsed && Buffer.from(parsed.signatures[0]!).toString('hex')).toBe(first);
  });
});
