import { execFile } from 'node:child_process';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createInvictiClient, InvictiAbortError, type RetryEvent } from '../src/index.js';
import { caught, TRANSPORTS, useFakeInvicti } from './support.js';

const run = promisify(execFile);
const FIXTURE = new URL('./fixtures/launch-over-node-http.ts', import.meta.url);
const SCAN = {
  Id: '0e8c1b4e-0000-4000-8000-000000000001',
  State: 'Queued',
  TargetUrl: 'https://a.example.com/',
};

describe('the node-http transport', () => {
  const { fake, client } = useFakeInvicti('node-http');

  it('launches and polls without loading the fetch classes (undici) or ky', async () => {
    // A child process: this one has loaded undici for the fake's own Request/Response.
    const { stdout } = await run(
      process.execPath,
      ['--conditions=@scanrelay/source', '--import', 'tsx', fileURLToPath(FIXTURE)],
      {
        env: { ...process.env, INVICTI_URL: fake().url },
      },
    );
    const seen = JSON.parse(stdout) as { scanId: string; state: string; undici: number };
    expect(seen).toEqual({ scanId: fake().scans()[0]?.id, state: 'Queued', undici: 0 });
    expect(fake().requests.map((r) => [r.method, r.status])).toEqual([
      ['POST', 201],
      ['GET', 200],
    ]);
  });

  it('refuses a fetch, which only ky takes', () => {
    expect(() => client({ fetch: globalThis.fetch })).toThrow(TypeError);
  });
});

describe.each(TRANSPORTS)('over %s', (transport) => {
  const { fake, client } = useFakeInvicti(transport);

  it('does not retry a launch that timed out (it may have created a scan)', async () => {
    fake().slowNext(3000, { path: 'scans/new' });
    const err = await caught(client({ timeoutMs: 500 }).launchScan({ targetUri: 'https://t.example.com/' }));
    expect(err).toMatchObject({ code: 'timeout', retryable: true });
    expect(fake().requests).toHaveLength(1);
  });

  it('retries a launch whose connection was refused (it never reached Invicti)', async () => {
    const url = fake().url;
    await fake().close();
    const events: RetryEvent[] = [];
    const c = createInvictiClient({
      baseUrl: url,
      userId: 'u',
      apiToken: 't',
      retry: { limit: 2, baseDelayMs: 1 },
      onRetry: (e) => events.push(e),
      transport,
    });
    const err = await caught(c.launchScan({ targetUri: 'https://t.example.com/' }));
    expect(err).toMatchObject({ code: 'network_error', retryable: true });
    expect((err as Error).message).toContain('ECONNREFUSED');
    expect(events.map((e) => [e.attempt, e.error.code])).toEqual([
      [1, 'network_error'],
      [2, 'network_error'],
    ]);
  });

  it('stops a call when its signal aborts', async () => {
    fake().slowNext(3000, { path: 'scans/status' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const err = await caught(client().getScanStatus(SCAN.Id, { signal: controller.signal }));
    expect(err).toBeInstanceOf(InvictiAbortError);
    expect(fake().requests).toHaveLength(1);
  });
});

describe('what both transports send', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
  });

  async function launchThrough(transport: (typeof TRANSPORTS)[number]) {
    const seen: { method?: string; url?: string; headers: IncomingHttpHeaders; body: string }[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        seen.push({ method: req.method, url: req.url, headers: req.headers, body });
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end(JSON.stringify(SCAN));
      });
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const c = createInvictiClient({ baseUrl, userId: 'u-1', apiToken: 'tok', userAgent: 'ua/1', transport });
    const { scan } = await c.launchScan({ targetUri: 'https://a.example.com/', profileName: 'P' });
    expect(scan.Id).toBe(SCAN.Id);
    const [only] = seen;
    const pick = ['authorization', 'accept', 'user-agent', 'content-type'] as const;
    return {
      method: only?.method,
      url: only?.url,
      body: only?.body,
      headers: Object.fromEntries(pick.map((k) => [k, only?.headers[k]])),
    };
  }

  it('sends the same method, path, headers and JSON body', async () => {
    const viaKy = await launchThrough('ky');
    const viaNode = await launchThrough('node-http');
    expect(viaNode).toEqual(viaKy);
    expect(viaNode).toMatchObject({
      method: 'POST',
      url: '/api/1.0/scans/newwithprofile',
      body: JSON.stringify({ ProfileName: 'P', TargetUri: 'https://a.example.com/' }),
      headers: {
        authorization: `Basic ${Buffer.from('u-1:tok').toString('base64')}`,
        accept: 'application/json',
        'user-agent': 'ua/1',
      },
    });
  });
});
