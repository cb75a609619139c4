import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeHttpFetch } from './node-http-fetch.js';

let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      if (req.url === '/slow') return void setTimeout(() => res.end('late'), 2000);
      if (req.url === '/empty') return void res.writeHead(204).end();
      res.writeHead(201, {
        'content-type': 'application/json',
        'x-seen-auth': req.headers.authorization ?? '',
      });
      res.end(JSON.stringify({ method: req.method, body, type: req.headers['content-type'] }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe('nodeHttpFetch', () => {
  it('sends method, headers and body, and returns status, headers and body', async () => {
    const res = await nodeHttpFetch(`${base}/x`, {
      method: 'POST',
      headers: { authorization: 'Basic abc', 'content-type': 'application/json' },
      body: '{"a":1}',
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-seen-auth')).toBe('Basic abc');
    expect(await res.json()).toEqual({ method: 'POST', body: '{"a":1}', type: 'application/json' });
    const empty = await nodeHttpFetch(`${base}/empty`);
    expect([empty.status, await empty.text()]).toEqual([204, '']);
  });

  it('rejects like fetch on a refused connection and with the reason on abort', async () => {
    const refused = await nodeHttpFetch('http://127.0.0.1:1/').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TypeError);
    expect((refused as { cause?: { code?: string } }).cause?.code).toBe('ECONNREFUSED');
    const ctrl = new AbortController();
    const pending = nodeHttpFetch(`${base}/slow`, { signal: ctrl.signal });
    setTimeout(() => ctrl.abort(new Error('stop now')), 50);
    await expect(pending).rejects.toThrow('stop now');
  });
});
