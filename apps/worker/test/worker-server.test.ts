import { describe, expect, it } from 'vitest';
import { startWorkerServer } from '../src/index.js';

describe("the worker's health and metrics listener", () => {
  it('answers /health with database and queue reachability, and /metrics with the given registry', async () => {
    let dbUp = true;
    const server = await startWorkerServer({
      store: { ping: async () => dbUp, dialect: 'postgres' },
      queue: { ping: async () => true, driver: 'bullmq' },
      metrics: {
        contentType: 'text/plain; version=0.0.4',
        render: async () => 'scanrelay_jobs_finished_total{type="process-upload",outcome="completed"} 3\n',
      },
      port: 0,
      version: '1.2.3',
    });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const ok = await fetch(`${server.url}/health`);
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({
        status: 'ok',
        role: 'worker',
        version: '1.2.3',
        database: { ok: true, dialect: 'postgres' },
        queue: { ok: true, driver: 'bullmq' },
      });
      dbUp = false;
      const down = await fetch(`${server.url}/health`);
      expect(down.status).toBe(503);
      expect(await down.json()).toMatchObject({ status: 'degraded', database: { ok: false } });

      const metrics = await fetch(`${server.url}/metrics`);
      expect(metrics.status).toBe(200);
      expect(await metrics.text()).toContain('outcome="completed"} 3');
      expect((await fetch(`${server.url}/upload`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('asks for the metrics token on /metrics only, when one is set', async () => {
    const server = await startWorkerServer({
      store: { ping: async () => true, dialect: 'sqlite' },
      queue: { ping: async () => true, driver: 'sqlite' },
      metrics: { contentType: 'text/plain', render: async () => 'x 1\n' },
      port: 0,
      token: 'metrics-token-0123456789',
    });
    try {
      expect((await fetch(`${server.url}/health`)).status).toBe(200);
      expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
      const authed = await fetch(`${server.url}/metrics`, {
        headers: { authorization: 'Bearer metrics-token-0123456789' },
      });
      expect(await authed.text()).toBe('x 1\n');
    } finally {
      await server.close();
    }
  });
});
