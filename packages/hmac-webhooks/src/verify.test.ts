import { describe, expect, it } from 'vitest';
import { hmacSha256 } from './hmac.js';
import { sign } from './sign.js';
import { verify, verifySync } from './verify.js';

const SVIX = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};
const GITHUB = {
  secret: "It's a Secret to Everybody",
  body: 'Hello, World!',
  signature: 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17',
};
const NOW = 1_700_000_000;
const at = (seconds: number) => seconds * 1000;

describe('published test vectors', () => {
  it('reproduces the Standard Webhooks (Svix) vector and verifies it at its own time', () => {
    const headers = sign({
      scheme: 'standard',
      secret: SVIX.secret,
      body: SVIX.body,
      id: SVIX.id,
      timestamp: SVIX.timestamp,
    });
    expect(headers['webhook-signature']).toBe(SVIX.signature);
    const ok = verifySync({
      scheme: 'standard',
      secret: SVIX.secret,
      body: SVIX.body,
      now: at(SVIX.timestamp),
      headers: {
        'webhook-id': SVIX.id,
        'webhook-timestamp': String(SVIX.timestamp),
        'webhook-signature': SVIX.signature,
      },
    });
    expect(ok).toEqual({ ok: true, scheme: 'standard', deliveryId: SVIX.id, timestamp: SVIX.timestamp });
  });

  it('refuses the Svix vector today as too old, and reads the svix-* header names', () => {
    const result = verifySync({
      scheme: 'standard',
      secret: SVIX.secret,
      body: SVIX.body,
      headers: {
        'svix-id': SVIX.id,
        'svix-timestamp': String(SVIX.timestamp),
        'svix-signature': SVIX.signature,
      },
    });
    expect(result).toMatchObject({ ok: false, reason: 'timestamp_too_old' });
  });

  it('reproduces the GitHub vector', () => {
    const headers = sign({ scheme: 'github', secret: GITHUB.secret, body: GITHUB.body, id: 'd1' });
    expect(headers).toEqual({ 'X-GitHub-Delivery': 'd1', 'X-Hub-Signature-256': GITHUB.signature });
    const result = verifySync({
      scheme: 'github',
      secret: GITHUB.secret,
      body: GITHUB.body,
      headers: {
        'X-Hub-Signature-256': GITHUB.signature,
        'X-GitHub-Delivery': '72d3162e-cc78-11e3-81ab-4c9367dc0958',
      },
    });
    expect(result).toEqual({
      ok: true,
      scheme: 'github',
      deliveryId: '72d3162e-cc78-11e3-81ab-4c9367dc0958',
      timestamp: null,
    });
  });

  it('reproduces the stripe-node raw HMAC vector', () => {
    const mac = hmacSha256(Buffer.from('test_secret'), '', new Uint8Array(0)).toString('hex');
    expect(mac).toBe('f7f9bd47fb987337b5796fdc1fdb9ba221d0d5396814bfcaf9521f43fd8927fd');
  });
});

describe('scanrelay scheme', () => {
  const secret = 'scanrelay-test-secret';
  const body = '{"provider":"semgrep","criticalCount":1}';

  it('signs <id>.<timestamp>.<body> into x-webhook-* headers and verifies them', () => {
    const headers = sign({ scheme: 'scanrelay', secret, body, id: 'msg_1', timestamp: NOW });
    const expected = hmacSha256(Buffer.from(secret), `msg_1.${NOW}.`, Buffer.from(body)).toString('hex');
    expect(headers).toEqual({
      'x-webhook-id': 'msg_1',
      'x-webhook-timestamp': String(NOW),
      'x-webhook-signature': `hmac-sha256=${expected}`,
    });
    expect(verifySync({ scheme: 'scanrelay', secret, body, headers, now: at(NOW) })).toEqual({
      ok: true,
      scheme: 'scanrelay',
      deliveryId: 'msg_1',
      timestamp: NOW,
    });
  });

  it('accepts the legacy body-only signature with the body timestamp in milliseconds', () => {
    const legacyBody = JSON.stringify({ timestamp: at(NOW) + 123, provider: 'semgrep' });
    const mac = hmacSha256(Buffer.from(secret), '', Buffer.from(legacyBody)).toString('hex');
    const headers = { 'x-webhook-signature': `hmac-sha256=${mac}` };
    const result = verifySync({ scheme: 'scanrelay', secret, body: legacyBody, headers, now: at(NOW) });
    expect(result).toMatchObject({ ok: true, timestamp: NOW });
    expect(result.ok && result.deliveryId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(sign({ scheme: 'scanrelay', secret, body: legacyBody, legacy: true })).toEqual(headers);
    const stale = verifySync({ scheme: 'scanrelay', secret, body: legacyBody, headers, now: at(NOW + 301) });
    expect(stale).toMatchObject({ ok: false, reason: 'timestamp_too_old' });
    const off = verifySync({
      scheme: 'scanrelay',
      secret,
      body: legacyBody,
      headers,
      now: at(NOW),
      allowLegacy: false,
    });
    expect(off).toMatchObject({ ok: false, reason: 'header_missing', header: 'x-webhook-id' });
  });

  it('says what is wrong with a legacy body', () => {
    const check = (legacyBody: string) => {
      const headers = sign({ scheme: 'scanrelay', secret, body: legacyBody, legacy: true });
      return verifySync({ scheme: 'scanrelay', secret, body: legacyBody, headers, now: at(NOW) });
    };
    expect(check('{"provider":"x"}')).toMatchObject({
      ok: false,
      reason: 'header_missing',
      header: 'timestamp',
    });
    expect(check('{"timestamp":"1700000000000"}')).toMatchObject({ ok: false, reason: 'header_malformed' });
    expect(check('not json')).toMatchObject({ ok: false, reason: 'header_malformed', header: 'timestamp' });
  });

  it('needs both headers once one of them is there', () => {
    const headers = sign({ scheme: 'scanrelay', secret, body, id: 'msg_2', timestamp: NOW });
    const { 'x-webhook-timestamp': _, ...noTimestamp } = headers;
    expect(
      verifySync({ scheme: 'scanrelay', secret, body, headers: noTimestamp, now: at(NOW) }),
    ).toMatchObject({
      ok: false,
      reason: 'header_missing',
      header: 'x-webhook-timestamp',
    });
  });
});

describe('failure reasons', () => {
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const body = '{"a":1}';
  const good = (scheme: 'scanrelay' | 'standard' | 'stripe') =>
    sign({ scheme, secret, body, id: 'msg_x', timestamp: NOW });

  it.each([
    ['scanrelay', 'x-webhook-signature'],
    ['standard', 'webhook-signature'],
    ['github', 'x-hub-signature-256'],
    ['stripe', 'stripe-signature'],
  ] as const)('%s: a missing signature header is header_missing (%s)', (scheme, header) => {
    const result = verifySync({ scheme, secret, body, headers: {}, now: at(NOW) });
    expect(result).toMatchObject({ ok: false, reason: 'header_missing', header });
  });

  it.each([
    [
      'scanrelay',
      { 'x-webhook-id': 'a', 'x-webhook-timestamp': String(NOW), 'x-webhook-signature': 'sha256=abc' },
    ],
    [
      'scanrelay',
      {
        'x-webhook-id': 'a.b',
        'x-webhook-timestamp': String(NOW),
        'x-webhook-signature': `hmac-sha256=${'0'.repeat(64)}`,
      },
    ],
    [
      'scanrelay',
      {
        'x-webhook-id': 'a',
        'x-webhook-timestamp': '17e8',
        'x-webhook-signature': `hmac-sha256=${'0'.repeat(64)}`,
      },
    ],
    [
      'standard',
      { 'webhook-id': 'a', 'webhook-timestamp': String(NOW), 'webhook-signature': 'v2,abc v1a,xyz' },
    ],
    ['github', { 'x-hub-signature-256': 'sha1=abc', 'x-github-delivery': 'd' }],
    ['stripe', { 'stripe-signature': `v1=${'0'.repeat(64)}` }],
    ['stripe', { 'stripe-signature': `t=${NOW},v0=${'0'.repeat(64)}` }],
  ] as const)('%s: %o is header_malformed', (scheme, headers) => {
    expect(verifySync({ scheme, secret, body, headers, now: at(NOW) })).toMatchObject({
      ok: false,
      reason: 'header_malformed',
    });
  });

  it('a GitHub delivery without X-GitHub-Delivery is header_missing', () => {
    const { 'X-Hub-Signature-256': signature } = sign({ scheme: 'github', secret, body });
    const result = verifySync({
      scheme: 'github',
      secret,
      body,
      headers: { 'x-hub-signature-256': signature! },
    });
    expect(result).toMatchObject({ ok: false, reason: 'header_missing', header: 'x-github-delivery' });
  });

  it.each(['scanrelay', 'standard', 'stripe'] as const)(
    '%s: wrong secret or changed body is signature_mismatch',
    (scheme) => {
      const headers = good(scheme);
      expect(
        verifySync({ scheme, secret: 'whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', body, headers, now: at(NOW) }),
      ).toMatchObject({
        ok: false,
        reason: 'signature_mismatch',
      });
      expect(verifySync({ scheme, secret, body: '{"a":2}', headers, now: at(NOW) })).toMatchObject({
        ok: false,
        reason: 'signature_mismatch',
      });
    },
  );

  it.each(['scanrelay', 'standard', 'stripe'] as const)(
    '%s: tolerance holds in both directions, edges included',
    (scheme) => {
      const headers = good(scheme);
      const run = (now: number, toleranceSeconds?: number) =>
        verifySync({ scheme, secret, body, headers, now: at(now), toleranceSeconds });
      expect(run(NOW + 300)).toMatchObject({ ok: true, timestamp: NOW });
      expect(run(NOW - 300)).toMatchObject({ ok: true });
      expect(run(NOW + 301)).toMatchObject({ ok: false, reason: 'timestamp_too_old' });
      expect(run(NOW - 301)).toMatchObject({ ok: false, reason: 'timestamp_too_new' });
      expect(run(NOW + 3600, 3600)).toMatchObject({ ok: true });
      expect(run(NOW + 1, 0)).toMatchObject({ ok: false, reason: 'timestamp_too_old' });
    },
  );

  it('a stored delivery id is refused as replayed; a new id passes', async () => {
    const seen = new Set<string>();
    const store = {
      seen: async (id: string) => {
        if (seen.has(id)) return true;
        seen.add(id);
        return false;
      },
    };
    const headers = good('standard');
    const first = await verify({ scheme: 'standard', secret, body, headers, now: at(NOW), store });
    expect(first).toMatchObject({ ok: true, deliveryId: 'msg_x' });
    expect(seen).toEqual(new Set(['standard:msg_x']));
    const again = await verify({ scheme: 'standard', secret, body, headers, now: at(NOW), store });
    expect(again).toMatchObject({ ok: false, reason: 'replayed' });
    const other = sign({ scheme: 'standard', secret, body, id: 'msg_y', timestamp: NOW });
    expect(
      await verify({ scheme: 'standard', secret, body, headers: other, now: at(NOW), store }),
    ).toMatchObject({ ok: true });
  });

  it('reads headers from a fetch Headers, mixed-case records and node arrays', () => {
    const headers = good('scanrelay');
    const fetchHeaders = new Headers(headers);
    expect(verifySync({ scheme: 'scanrelay', secret, body, headers: fetchHeaders, now: at(NOW) }).ok).toBe(
      true,
    );
    const mixed = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toUpperCase(), [v]]));
    expect(verifySync({ scheme: 'scanrelay', secret, body, headers: mixed, now: at(NOW) }).ok).toBe(true);
  });
});

describe('misuse throws TypeError', () => {
  const headers = {};
  it.each([
    ['no secret', { scheme: 'github', secret: undefined, body: '', headers }],
    ['empty secret list', { scheme: 'github', secret: [], body: '', headers }],
    ['empty secret', { scheme: 'github', secret: '', body: '', headers }],
    ['unknown scheme', { scheme: 'svix', secret: 's', body: '', headers }],
    ['non-base64 standard secret', { scheme: 'standard', secret: 'whsec_not base64!', body: '', headers }],
    ['negative tolerance', { scheme: 'github', secret: 's', body: '', headers, toleranceSeconds: -1 }],
    ['a number body', { scheme: 'github', secret: 's', body: 42, headers }],
  ])('%s', (_name, options) => {
    expect(() => verifySync(options as never)).toThrow(TypeError);
  });

  it('verify rejects with TypeError too, and verifySync refuses a store', async () => {
    await expect(verify({ scheme: 'github', secret: [], body: '', headers })).rejects.toThrow(TypeError);
    const store = { seen: async () => false };
    expect(() => verifySync({ scheme: 'github', secret: 's', body: '', headers, store })).toThrow(
      /use verify/,
    );
  });
});
