import { describe, expect, it } from 'vitest';
import { signRequest } from './sign-request.js';
import { verifySync } from './verify.js';

describe('signRequest', () => {
  it('serialises a value once and returns exactly the signed bytes with every header', () => {
    const req = signRequest({
      secret: ['new-secret', 'old-secret'],
      body: { scanId: 's-1', critical: 2 },
      id: 'msg_42',
    });
    expect(Buffer.from(req.body).toString()).toBe('{"scanId":"s-1","critical":2}');
    expect(req.deliveryId).toBe('msg_42');
    expect(Object.keys(req.headers).sort()).toEqual([
      'content-type',
      'x-webhook-id',
      'x-webhook-signature',
      'x-webhook-timestamp',
    ]);
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers['x-webhook-signature']?.split(' ')).toHaveLength(2);
    const result = verifySync({
      scheme: 'scanrelay',
      secret: 'old-secret',
      body: req.body,
      headers: req.headers,
    });
    expect(result).toEqual({ ok: true, scheme: 'scanrelay', deliveryId: 'msg_42', timestamp: req.timestamp });
  });

  it('sends bytes and text as they are, under any scheme', () => {
    const text = '{ "spaced" : true }';
    const req = signRequest({
      scheme: 'standard',
      secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      body: text,
      contentType: 'application/x',
    });
    expect(Buffer.from(req.body).toString()).toBe(text);
    expect(req.headers['content-type']).toBe('application/x');
    expect(req.headers['webhook-signature']).toMatch(/^v1,/);
    const bytes = new Uint8Array([1, 2, 3]);
    expect(signRequest({ secret: 's', body: bytes }).body).toBe(bytes);
  });

  it('throws TypeError for a body JSON cannot serialise', () => {
    expect(() => signRequest({ secret: 's', body: undefined })).toThrow(TypeError);
  });
});
