import type { Queue } from '@scanrelay/queue';
import type { Store } from '@scanrelay/storage';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../build-app.js';
import type { MetricsAccess } from './metrics.js';

const store = { ping: async () => true, dialect: 'sqlite' } as unknown as Store;
const queue = { ping: async () => true, driver: 'sqlite', counts: async () => ({}) } as unknown as Queue;

/** `GET /metrics` as @hono/node-server delivers it: with the peer's socket address. */
function scrape(access: MetricsAccess | undefined, from?: string, headers: Record<string, string> = {}) {
  const { app } = buildApp({ store, queue, config: { dataDir: '/nonexistent' }, metricsAccess: access });
  const env = from === undefined ? undefined : { incoming: { socket: { remoteAddress: from } } };
  return app.request('/metrics', { headers }, env);
}

describe('GET /metrics on the API port', () => {
  it('by default answers loopback callers only (the port may be public)', async () => {
    for (const local of ['127.0.0.1', '::1', '::ffff:127.0.0.1'])
      expect((await scrape({}, local)).status).toBe(200);
    for (const remote of ['10.0.0.5', '::ffff:192.168.1.2', '2001:db8::1', undefined]) {
      const res = await scrape({}, remote);
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ code: 'FORBIDDEN' });
    }
  });

  it('with a token, answers any caller that sends it and refuses the others', async () => {
    const access = { token: 'metrics-token-0123456789' };
    expect((await scrape(access, '10.0.0.5')).status).toBe(401);
    expect((await scrape(access, '127.0.0.1', { authorization: 'Bearer wrong-token' })).status).toBe(401);
    const ok = await scrape(access, '10.0.0.5', { authorization: 'Bearer metrics-token-0123456789' });
    expect(ok.status).toBe(200);
  });

  it('is not served at all when metrics have their own listener', async () => {
    expect((await scrape({ onApiPort: false }, '127.0.0.1')).status).toBe(404);
  });

  it('includes process and Node metrics and scanrelay_build_info{version,node} = 1', async () => {
    const text = await (await scrape({}, '127.0.0.1')).text();
    expect(text).toMatch(/^scanrelay_build_info\{version="\d+\.\d+\.\d+[^"]*",node="v\d+\.\d+\.\d+"\} 1$/m);
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toContain('process_resident_memory_bytes');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
    expect(text).toContain('nodejs_heap_size_used_bytes');
  });
});
