import { createLogger } from '@scanrelay/core';
import type { Queue } from '@scanrelay/queue';
import type { Store } from '@scanrelay/storage';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../build-app.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function appWithLog(authenticate: () => Promise<unknown>) {
  const out: string[] = [];
  const logger = createLogger({ destination: { write: (l) => out.push(l) } });
  const store = { ping: async () => true, dialect: 'sqlite', apiKeys: { authenticate } } as unknown as Store;
  const queue = { ping: async () => true, driver: 'sqlite', counts: async () => ({}) } as unknown as Queue;
  const { app } = buildApp({ store, queue, config: { dataDir: '/nonexistent' }, logger });
  const lines = () => out.map((l) => JSON.parse(l) as Record<string, unknown>);
  return { app, lines };
}

describe('request ids', () => {
  it('keeps a sane X-Request-Id and echoes it; replaces a missing, overlong or odd one with a UUID', async () => {
    const { app } = appWithLog(async () => undefined);
    const given = await app.request('/api/v1/health', { headers: { 'x-request-id': 'trace-1:abc.DEF_9' } });
    expect(given.headers.get('x-request-id')).toBe('trace-1:abc.DEF_9');
    for (const bad of [undefined, 'x'.repeat(129), 'has space', 'quote"d', '']) {
      const res = await app.request('/api/v1/health', {
        headers: bad === undefined ? {} : { 'x-request-id': bad },
      });
      expect(res.headers.get('x-request-id')).toMatch(UUID);
    }
  });

  it("is written into a route's answer as it is made: the answer is not rebuilt around a body stream", async () => {
    const { app } = appWithLog(async () => undefined);
    let made: Response | undefined;
    app.get('/probe', (c) => {
      made = c.json({ ok: true }, 202);
      return made;
    });
    app.get('/raw', () => new Response('raw'));
    const res = await app.request('/probe', { headers: { 'x-request-id': 'req-probe' } });
    expect(res).toBe(made);
    expect(res.headers.get('x-request-id')).toBe('req-probe');
    expect(await res.json()).toEqual({ ok: true });
    // An answer made without the context still gets the id.
    expect((await app.request('/raw')).headers.get('x-request-id')).toMatch(UUID);
  });

  it('is in every problem+json answer (routes, auth, unknown paths) and in every log line of the request', async () => {
    const { app, lines } = appWithLog(async () => {
      throw new Error('connect postgres://scanrelay:pg-secret@db/scanrelay refused');
    });
    const notFound = await app.request('/nowhere', { headers: { 'x-request-id': 'req-404' } });
    expect(notFound.status).toBe(404);
    expect(await notFound.json()).toMatchObject({ code: 'NOT_FOUND', requestId: 'req-404' });

    const unauthenticated = await app.request('/api/v1/jobs');
    expect(unauthenticated.status).toBe(401);
    const id = unauthenticated.headers.get('x-request-id');
    expect(await unauthenticated.json()).toMatchObject({ code: 'UNAUTHORIZED', requestId: id });

    const failed = await app.request('/api/v1/jobs', {
      headers: {
        'x-request-id': 'req-500',
        authorization: 'Bearer sr_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      },
    });
    expect(failed.status).toBe(500);
    expect(await failed.json()).toMatchObject({ code: 'INTERNAL', requestId: 'req-500' });
    const ofRequest = lines().filter((l) => l.requestId === 'req-500');
    expect(ofRequest.map((l) => l.msg)).toEqual(['request failed', 'request']);
    expect(JSON.stringify(lines())).not.toContain('pg-secret');
    expect(JSON.stringify(lines())).not.toContain('sr_AAAA');
  });
});
