import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type WebhookEnv, webhookAuth } from '../src/hono.js';
import { createMemoryDeliveryStore, generateSecret, signRequest } from '../src/index.js';

const OLD = generateSecret();
const NEW = generateSecret();
const TENANT_SECRET = generateSecret();
const MAX = 64 * 1024;

let base = '';
let server: ReturnType<typeof serve>;
const handled: string[] = [];
let failNext = false;

beforeAll(async () => {
  const app = new Hono<WebhookEnv>();
  const store = createMemoryDeliveryStore();
  app.onError((err, c) => c.json({ error: err.message }, 500));
  app.post(
    '/hooks/scan-results',
    webhookAuth({ scheme: 'scanrelay', secret: [NEW, OLD], store, maxBodyBytes: MAX }),
    async (c) => {
      const webhook = c.get('webhook');
      handled.push(webhook.deliveryId);
      if (failNext) {
        failNext = false;
        throw new Error('database down');
      }
      const again = await c.req.json();
      return c.json({
        deliveryId: webhook.deliveryId,
        timestamp: webhook.timestamp,
        json: webhook.json,
        bytes: webhook.rawBody.byteLength,
        again,
      });
    },
  );
  app.post(
    '/hooks/:tenant/standard',
    webhookAuth({
      scheme: 'standard',
      secret: (c) => (c.req.param('tenant') === 'acme' ? TENANT_SECRET : undefined),
      store,
    }),
    (c) => c.json({ deliveryId: c.get('webhook').deliveryId }),
  );
  app.post(
    '/hooks/form',
    webhookAuth({
      scheme: 'scanrelay',
      secret: NEW,
      body: 'raw',
      onRefused: (c, refusal) => c.json({ mine: true, code: refusal.code, reason: refusal.reason }, 418),
    }),
    (c) => {
      const webhook = c.get('webhook');
      return c.json({ json: webhook.json ?? null, text: new TextDecoder().decode(webhook.rawBody) });
    },
  );
  app.post(
    '/hooks/misordered',
    async (c, next) => {
      await c.req.json();
      await next();
    },
    webhookAuth({ scheme: 'scanrelay', secret: NEW }),
    (c) => c.text('unreachable'),
  );
  server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function post(path: string, body: Uint8Array | string, headers: Record<string, string>) {
  return fetch(base + path, { method: 'POST', body, headers });
}

async function problemOf(res: Response) {
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  return (await res.json()) as { type: string; title: string; status: number; detail: string; code: string };
}

describe('webhookAuth over HTTP', () => {
  it('hands a valid delivery to the route: raw body, parsed JSON, delivery id, timestamp', async () => {
    const req = signRequest({ secret: NEW, body: { scanId: 's-1', critical: 2 } });
    const res = await post('/hooks/scan-results', req.body, req.headers);
    expect(res.status).toBe(200);
    const json = await res.json();
    expect(json).toEqual({
      deliveryId: req.deliveryId,
      timestamp: req.timestamp,
      json: { scanId: 's-1', critical: 2 },
      bytes: req.body.byteLength,
      again: { scanId: 's-1', critical: 2 },
    });
  });

  it('accepts either rotated key, and a sender signing with both', async () => {
    for (const secret of [OLD, [NEW, OLD], [generateSecret(), OLD]]) {
      const req = signRequest({ secret, body: { n: 1 } });
      expect((await post('/hooks/scan-results', req.body, req.headers)).status).toBe(200);
    }
  });

  it('refuses a tampered body with 401 webhook_signature_invalid', async () => {
    const req = signRequest({ secret: NEW, body: { verdict: 'fail' } });
    const res = await post('/hooks/scan-results', '{"verdict":"pass"}', req.headers);
    expect(res.status).toBe(401);
    expect(await problemOf(res)).toMatchObject({
      status: 401,
      code: 'webhook_signature_invalid',
      type: 'urn:scanrelay:problem:webhook-signature-invalid',
    });
  });

  it('refuses an unknown secret with 401', async () => {
    const req = signRequest({ secret: generateSecret(), body: {} });
    const res = await post('/hooks/scan-results', req.body, req.headers);
    expect(await problemOf(res)).toMatchObject({ code: 'webhook_signature_invalid' });
  });

  it('refuses an expired delivery with 401 webhook_timestamp_out_of_range', async () => {
    const req = signRequest({ secret: NEW, body: {}, timestamp: Math.floor(Date.now() / 1000) - 3600 });
    const res = await post('/hooks/scan-results', req.body, req.headers);
    expect(res.status).toBe(401);
    const p = await problemOf(res);
    expect(p.code).toBe('webhook_timestamp_out_of_range');
    expect(p.detail).toMatch(/older than now/);
  });

  it('refuses a replay with 401 webhook_replayed, without running the route twice', async () => {
    const req = signRequest({ secret: NEW, body: { once: true } });
    expect((await post('/hooks/scan-results', req.body, req.headers)).status).toBe(200);
    const res = await post('/hooks/scan-results', req.body, req.headers);
    expect(res.status).toBe(401);
    expect(await problemOf(res)).toMatchObject({ code: 'webhook_replayed' });
    expect(handled.filter((id) => id === req.deliveryId)).toHaveLength(1);
  });

  it('lets the retry through when the route failed the first time', async () => {
    const req = signRequest({ secret: NEW, body: { retry: true } });
    failNext = true;
    expect((await post('/hooks/scan-results', req.body, req.headers)).status).toBe(500);
    expect((await post('/hooks/scan-results', req.body, req.headers)).status).toBe(200);
    expect(handled.filter((id) => id === req.deliveryId)).toHaveLength(2);
  });

  it('refuses missing headers with 401 webhook_header_missing', async () => {
    const req = signRequest({ secret: NEW, body: {} });
    const { 'x-webhook-signature': _, ...rest } = req.headers;
    const res = await post('/hooks/scan-results', req.body, rest);
    expect(await problemOf(res)).toMatchObject({ status: 401, code: 'webhook_header_missing' });
  });

  it("with body: 'raw', hands a signed form body to the route unparsed", async () => {
    const req = signRequest({ secret: NEW, body: 'ScanId=abc&State=Complete' });
    const res = await post('/hooks/form', req.body, req.headers);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ json: null, text: 'ScanId=abc&State=Complete' });
  });

  it('lets the app answer a refusal in its own format, with the reason', async () => {
    const req = signRequest({ secret: generateSecret(), body: 'x=1' });
    const res = await post('/hooks/form', req.body, req.headers);
    expect(res.status).toBe(418);
    expect(await res.json()).toEqual({
      mine: true,
      code: 'webhook_signature_invalid',
      reason: 'signature_mismatch',
    });
  });

  it('answers 400 webhook_body_invalid when a correctly signed body is not JSON', async () => {
    const req = signRequest({ secret: NEW, body: 'not json' });
    const res = await post('/hooks/scan-results', req.body, req.headers);
    expect(res.status).toBe(400);
    expect(await problemOf(res)).toMatchObject({ code: 'webhook_body_invalid' });
  });

  it('answers 413 payload_too_large from the Content-Length, before reading', async () => {
    const req = signRequest({ secret: NEW, body: { pad: 'x'.repeat(MAX) } });
    const res = await post('/hooks/scan-results', req.body, req.headers);
    expect(res.status).toBe(413);
    expect(await problemOf(res)).toMatchObject({ status: 413, code: 'payload_too_large' });
  });

  it('answers 413 to a chunked body as soon as it passes the limit, without reading it all', async () => {
    const req = signRequest({ secret: NEW, body: {} });
    const total = 32 * 1024 * 1024;
    const chunk = Buffer.alloc(16 * 1024, 0x20);
    const { status, written } = await new Promise<{ status: number; written: number }>((resolve, reject) => {
      let written = 0;
      let answered = false;
      const client = http.request(
        `${base}/hooks/scan-results`,
        { method: 'POST', headers: req.headers },
        (res) => {
          answered = true;
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, written }));
        },
      );
      client.on('error', (err) => (answered ? undefined : reject(err)));
      const pump = () => {
        while (!answered && written < total) {
          written += chunk.length;
          if (!client.write(chunk)) return void client.once('drain', pump);
        }
        client.end();
      };
      pump();
    });
    expect(status).toBe(413);
    expect(written).toBeLessThan(total);
    expect(handled).not.toContain(req.deliveryId);
  });

  it('takes per-tenant secrets from a function; a tenant without one gets 401', async () => {
    const body = '{"type":"scan.completed"}';
    const now = new Date();
    const headers = {
      'content-type': 'application/json',
      'webhook-id': 'msg_tenant1',
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': new Webhook(TENANT_SECRET).sign('msg_tenant1', now, body),
    };
    const ok = await post('/hooks/acme/standard', body, headers);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ deliveryId: 'msg_tenant1' });
    const unknown = await post('/hooks/globex/standard', body, { ...headers, 'webhook-id': 'msg_tenant2' });
    expect(unknown.status).toBe(401);
    expect((await problemOf(unknown)).detail).toMatch(/no webhook secret/);
  });

  it('fails loudly (500) when something read the body before the middleware', async () => {
    const req = signRequest({ secret: NEW, body: { n: 1 } });
    const res = await post('/hooks/misordered', req.body, req.headers);
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({
      error: '@scanrelay/hmac-webhooks: webhookAuth() must run before anything reads the request body',
    });
  });

  it('throws TypeError at setup for misuse', () => {
    expect(() => webhookAuth({ scheme: 'scanrelay', secret: [] })).toThrow(TypeError);
    expect(() => webhookAuth({ scheme: 'nope' as never, secret: 's' })).toThrow(TypeError);
    expect(() => webhookAuth({ scheme: 'github', secret: 's', maxBodyBytes: 0 })).toThrow(TypeError);
  });
});
