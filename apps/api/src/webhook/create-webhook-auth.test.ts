import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { signRequest } from '@scanrelay/hmac-webhooks';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiProblem } from '../errors/api-problem.js';
import { createWebhookAuth, type WebhookCallerEnv } from './create-webhook-auth.js';

const SECRET = 'whsec_test_secret_0123456789abcdef';
const app = new Hono<WebhookCallerEnv>();
app.onError((err, c) =>
  err instanceof ApiProblem
    ? c.json({ code: err.code, detail: err.detail }, err.status as 401)
    : c.text('?', 500),
);
app.post('/hook', createWebhookAuth({ tokens: [], secrets: [SECRET], maxBodyBytes: 64 }), (c) => {
  const caller = c.get('webhookCaller');
  // On node's server the middleware reads node's stream and leaves the fetch Request's body unread.
  const read = c.req.raw.bodyUsed ? 'fetch Request' : 'node stream';
  return c.json({ ...caller, body: new TextDecoder().decode(caller.body), read });
});

let server: ReturnType<typeof serve>;
let url: string;
beforeAll(async () => {
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** The same delivery over node's server (body read from node's stream) and through `app.request`. */
async function bothWays(body: Uint8Array | string, headers: Record<string, string>) {
  const answers: { status: number; body: Record<string, unknown> }[] = [];
  for (const send of [
    (init: RequestInit) => fetch(url, init),
    (init: RequestInit) => app.request('/hook', init),
  ]) {
    const res = await send({ method: 'POST', body, headers });
    answers.push({ status: res.status, body: (await res.json()) as Record<string, unknown> });
  }
  return answers;
}

describe('createWebhookAuth on node and on fetch', () => {
  it('accepts a signed delivery with its raw body and delivery id', async () => {
    const signed = signRequest({ secret: SECRET, body: { ScanId: 'abc' } });
    const [node, fetched] = await bothWays(signed.body, signed.headers);
    expect(node).toEqual({
      status: 200,
      body: {
        via: 'signature',
        deliveryId: signed.deliveryId,
        body: '{"ScanId":"abc"}',
        read: 'node stream',
      },
    });
    expect(fetched).toEqual({ ...node, body: { ...node?.body, read: 'fetch Request' } });
  });

  it('refuses a tampered body with the same 401', async () => {
    const signed = signRequest({ secret: SECRET, body: { ScanId: 'abc' } });
    const [node, fetched] = await bothWays(
      new TextDecoder().decode(signed.body).replace('abc', 'abd'),
      signed.headers,
    );
    expect(node?.status).toBe(401);
    expect(node?.body).toMatchObject({
      code: 'UNAUTHORIZED',
      detail: expect.stringMatching(/^webhook signature refused/),
    });
    expect(fetched).toEqual(node);
  });

  it('refuses a body over the limit with the same 413', async () => {
    const signed = signRequest({ secret: SECRET, body: { ScanId: 'x'.repeat(100) } });
    const [node, fetched] = await bothWays(signed.body, signed.headers);
    expect(node).toEqual({
      status: 413,
      body: { code: 'PAYLOAD_TOO_LARGE', detail: 'the body exceeds 64 bytes' },
    });
    expect(fetched).toEqual(node);
  });
});
