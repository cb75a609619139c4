import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SCHEMES, type Scheme } from './scheme.js';
import { sign } from './sign.js';
import { verifySync } from './verify.js';

const NOW = 1_700_000_000;
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const anyScheme = fc.constantFrom(...SCHEMES);
/** Everything the receiver checks besides the signature is made to pass, so only the signature can fail. */
const lenient = { toleranceSeconds: Number.POSITIVE_INFINITY, now: NOW * 1000 };

function flip(bytes: Uint8Array, index: number, xor: number): Uint8Array {
  const copy = Uint8Array.from(bytes);
  copy[index % copy.length]! ^= xor;
  return copy;
}

/** The header whose text is the given part of the signed content, per scheme. */
const ID_HEADER: Partial<Record<Scheme, string>> = { scanrelay: 'x-webhook-id', standard: 'webhook-id' };
const TIMESTAMP_HEADER: Partial<Record<Scheme, string>> = {
  scanrelay: 'x-webhook-timestamp',
  standard: 'webhook-timestamp',
};

describe('verify: properties', () => {
  it('any change to any byte of the body fails', () => {
    fc.assert(
      fc.property(
        anyScheme,
        fc.uint8Array({ minLength: 1, maxLength: 512 }),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (scheme, body, i, xor) => {
          const headers = sign({ scheme, secret: SECRET, body, id: 'msg_p', timestamp: NOW });
          expect(verifySync({ scheme, secret: SECRET, body, headers, ...lenient }).ok).toBe(true);
          const result = verifySync({
            scheme,
            secret: SECRET,
            body: flip(body, i, xor),
            headers,
            ...lenient,
          });
          expect(result).toMatchObject({ ok: false, reason: 'signature_mismatch' });
        },
      ),
    );
  });

  it('any change to any byte of the signed id or timestamp fails', () => {
    const part = fc.constantFrom('id', 'timestamp', 'stripe-t');
    fc.assert(
      fc.property(
        part,
        fc.nat(),
        fc.integer({ min: 1, max: 127 }),
        fc.constantFrom('scanrelay', 'standard') as fc.Arbitrary<Scheme>,
        (which, i, xor, scheme) => {
          const body = '{"a":1}';
          const headers: Record<string, string> =
            which === 'stripe-t'
              ? sign({ scheme: 'stripe', secret: SECRET, body, timestamp: NOW })
              : sign({ scheme, secret: SECRET, body, id: 'msg_2Bf9xQ', timestamp: NOW });
          const name =
            which === 'stripe-t'
              ? 'Stripe-Signature'
              : which === 'id'
                ? ID_HEADER[scheme]!
                : TIMESTAMP_HEADER[scheme]!;
          const value = headers[name]!;
          const at = which === 'stripe-t' ? 2 + (i % String(NOW).length) : i % value.length;
          const changed =
            value.slice(0, at) + String.fromCharCode(value.charCodeAt(at) ^ xor) + value.slice(at + 1);
          const result = verifySync({
            scheme: which === 'stripe-t' ? 'stripe' : scheme,
            secret: SECRET,
            body,
            headers: { ...headers, [name]: changed },
            ...lenient,
          });
          expect(result.ok).toBe(false);
          expect(['signature_mismatch', 'header_malformed', 'header_missing']).toContain(
            !result.ok && result.reason,
          );
        },
      ),
    );
  });

  it('any secret but the right ones fails', () => {
    fc.assert(
      fc.property(
        anyScheme,
        fc.uint8Array({ minLength: 1, maxLength: 64 }),
        fc.string({ minLength: 1 }),
        (scheme, key, body) => {
          const right = [new Uint8Array(32).fill(1), new Uint8Array(32).fill(2)];
          // HMAC pads keys shorter than a block with zeros, so a right key plus trailing zeros is the same key.
          const unpadded = Buffer.from(key.slice(0, key.findLastIndex((b) => b !== 0) + 1));
          fc.pre(!right.some((r) => Buffer.from(r).equals(unpadded)));
          const headers = sign({
            scheme,
            secret: scheme === 'github' ? right[0]! : right,
            body,
            id: 'msg_s',
            timestamp: NOW,
          });
          expect(verifySync({ scheme, secret: right[1]!, body, headers, ...lenient }).ok).toBe(
            scheme !== 'github',
          );
          expect(verifySync({ scheme, secret: key, body, headers, ...lenient })).toMatchObject({
            ok: false,
            reason: 'signature_mismatch',
          });
        },
      ),
    );
  });

  it('re-serialised JSON with the same meaning fails: the raw body is what is signed', () => {
    const object = fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), {
      minKeys: 1,
      maxKeys: 5,
    });
    fc.assert(
      fc.property(anyScheme, object, (scheme, value) => {
        const sent = JSON.stringify(value, null, 2);
        const reserialised = JSON.stringify(JSON.parse(sent));
        fc.pre(reserialised !== sent);
        const headers = sign({ scheme, secret: SECRET, body: sent, id: 'msg_j', timestamp: NOW });
        expect(verifySync({ scheme, secret: SECRET, body: sent, headers, ...lenient }).ok).toBe(true);
        expect(verifySync({ scheme, secret: SECRET, body: reserialised, headers, ...lenient })).toMatchObject(
          {
            ok: false,
            reason: 'signature_mismatch',
          },
        );
      }),
    );
  });

  it('malformed headers never throw; they get a failure result', () => {
    const names = [
      'x-webhook-id',
      'x-webhook-timestamp',
      'x-webhook-signature',
      'webhook-id',
      'webhook-timestamp',
      'webhook-signature',
      'svix-id',
      'x-hub-signature-256',
      'x-github-delivery',
      'stripe-signature',
      'X-Webhook-Signature',
    ];
    const value = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.constantFrom(
        'hmac-sha256=',
        'v1,',
        't=,v1=',
        'sha256=',
        ' ',
        ',,,',
        `v1,${'A'.repeat(43)}=`,
        '1e3',
        '-1',
        '9'.repeat(40),
      ),
      fc.array(fc.string(), { maxLength: 3 }),
    );
    const headers = fc.dictionary(fc.constantFrom(...names), value);
    fc.assert(
      fc.property(anyScheme, headers, fc.string(), (scheme, h, body) => {
        const result = verifySync({ scheme, secret: SECRET, body, headers: h, now: NOW * 1000 });
        expect(result.ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
