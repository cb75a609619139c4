import { createLogger } from '@scanrelay/core';
import type { Queue } from '@scanrelay/queue';
import type { Store } from '@scanrelay/storage';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../build-app.js';

describe('the access log', () => {
  it('writes one line per request: method, path without query secrets, status, duration, request id, tenant', async () => {
    const out: string[] = [];
    const logger = createLogger({ destination: { write: (l) => out.push(l) } });
    const auth = { tenant: { id: 't1', name: 'acme' }, apiKey: { id: 'k1' }, scopes: ['read'] };
    const store = {
      ping: async () => true,
      dialect: 'sqlite',
      apiKeys: { authenticate: async (key: string) => (key === 'good' ? auth : undefined) },
      jobs: { get: async () => undefined },
    } as unknown as Store;
    const queue = { ping: async () => true, driver: 'sqlite' } as unknown as Queue;
    const { app } = buildApp({ store, queue, config: { dataDir: '/nonexistent' }, logger });

    await app.request('/api/v1/health?token=query-secret&verbose=1', { headers: { 'x-request-id': 'r-1' } });
    await app.request('/api/v1/jobs/0190a1b2-0000-7000-8000-000000000000', {
      headers: { 'x-request-id': 'r-2', 'x-api-key': 'good' },
    });
    await app.request('/api/v1/jobs', { headers: { 'x-request-id': 'r-3' } });

    const lines = out.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'request');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({
      level: 'info',
      method: 'GET',
      path: '/api/v1/health?token=***&verbose=1',
      status: 200,
      requestId: 'r-1',
    });
    expect(lines[0]?.durationMs).toEqual(expect.any(Number));
    expect(lines[0]).not.toHaveProperty('tenant');
    expect(lines[1]).toMatchObject({ status: 404, requestId: 'r-2', tenant: 'acme' });
    expect(lines[2]).toMatchObject({ status: 401, requestId: 'r-3' });
    expect(out.join('')).not.toContain('query-secret');
  });
});
