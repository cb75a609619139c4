import { sign as octokitSign, verify as octokitVerify, verifyWithFallback } from '@octokit/webhooks-methods';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { generateSecret } from './secret.js';
import { sign } from './sign.js';
import { verifySync } from './verify.js';

const body = '{"type":"scan.completed","timestamp":"2026-11-22T07:00:00Z","data":{"scanId":"s-1","é":"ü"}}';

describe('standardwebhooks interop', () => {
  const secret = generateSecret(24);

  it('their signature verifies with ours', () => {
    const now = new Date();
    const signature = new Webhook(secret).sign('msg_theirs', now, body);
    const headers = {
      'webhook-id': 'msg_theirs',
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': signature,
    };
    expect(verifySync({ scheme: 'standard', secret, body, headers })).toMatchObject({
      ok: true,
      deliveryId: 'msg_theirs',
    });
  });

  it('our signature (several of them, during a rotation) verifies with theirs, and theirs refuses a changed body', () => {
    const headers = sign({ scheme: 'standard', secret: [generateSecret(), secret], body });
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(secret).verify(body.replace('s-1', 's-2'), headers)).toThrow(
      /No matching signature/,
    );
  });

  it('a raw-bytes key works the same on both sides', () => {
    const key = new Uint8Array(32).fill(7);
    const headers = sign({ scheme: 'standard', secret: key, body });
    expect(new Webhook(key, { format: 'raw' }).verify(Buffer.from(body), headers)).toEqual(JSON.parse(body));
  });
});

describe('@octokit/webhooks-methods interop', () => {
  const secret = 'a GitHub webhook secret';

  it('their signature verifies with ours', async () => {
    const signature = await octokitSign(secret, body);
    const headers = {
      'X-Hub-Signature-256': signature,
      'X-GitHub-Delivery': 'f3c0e8a0-0000-4000-8000-000000000000',
    };
    expect(verifySync({ scheme: 'github', secret, body, headers })).toMatchObject({
      ok: true,
      timestamp: null,
    });
    expect(verifySync({ scheme: 'github', secret: 'other', body, headers })).toMatchObject({
      reason: 'signature_mismatch',
    });
  });

  it('our signature verifies with theirs, also as a fallback secret', async () => {
    const headers = sign({ scheme: 'github', secret, body });
    const signature = headers['X-Hub-Signature-256']!;
    expect(await octokitVerify(secret, body, signature)).toBe(true);
    expect(await verifyWithFallback('new secret', body, signature, [secret])).toBe(true);
    expect(await octokitVerify(secret, `${body} `, signature)).toBe(false);
  });
});
