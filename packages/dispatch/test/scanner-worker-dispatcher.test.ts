import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createVerifier } from '@scanrelay/hmac-webhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createScannerWorkerDispatcher, DispatchError } from '../src/index.js';

const SECRET = 'worker-secret-0123456789abcdef';
const loopback = { allowHttp: true, allowPrivateUrls: true };

interface Received {
  path: string;
  deliveryId: string;
  verified: boolean;
  body: unknown;
}

/** A scanner worker stand-in: verifies the scanrelay signature, records, and answers what the test queued. */
function startWorker() {
  const verifier = createVerifier({ scheme: 'scanrelay', secret: SECRET, allowLegacy: false });
  const received: Received[] = [];
  const answers: { status: number; body?: object; headers?: Record<string, string> }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const verified = verifier.verifySync(raw, req.headers);
      received.push({
        path: req.url ?? '',
        deliveryId: String(req.headers['x-webhook-id']),
        verified: verified.ok,
        body: JSON.parse(raw.toString('utf8')),
      });
      const next = verified.ok
        ? (answers.shift() ?? { status: 202, body: { status: 'accepted' } })
        : { status: 401, body: { error: 'signature' } };
      res.writeHead(next.status, { 'content-type': 'application/json', ...next.headers });
      res.end(JSON.stringify(next.body ?? {}));
    });
  });
  return new Promise<{ url: string; received: Received[]; answers: typeof answers; close(): Promise<void> }>(
    (resolve) => {
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo;
        resolve({
          url: `http://127.0.0.1:${port}`,
          received,
          answers,
          close: () => new Promise((r) => server.close(() => r())),
        });
      });
    },
  );
}

const payload = {
  repoUrl: 'https://github.com/acme/skill.git',
  ref: 'main',
  project: 'acme-skill',
  provider: 'patterns',
  callbackUrl: 'https://scanrelay.example.com/api/v1/webhooks/scan-results',
  scanId: 'scan-0001',
};

let worker: Awaited<ReturnType<typeof startWorker>>;
beforeAll(async () => {
  worker = await startWorker();
});
afterAll(() => worker.close());
beforeEach(() => {
  worker.received.length = 0;
  worker.answers.length = 0;
});

describe('scanner worker dispatcher', () => {
  it('POSTs the scan request to <url>/scan, signed, with exactly the worker schema keys', async () => {
    const d = createScannerWorkerDispatcher({ secret: SECRET, policy: loopback });
    const res = await d.dispatch({ target: { kind: 'scanner_worker', url: `${worker.url}/` }, payload });
    expect(res).toEqual({ correlationId: 'scan-0001' });
    expect(worker.received).toHaveLength(1);
    expect(worker.received[0]).toMatchObject({ path: '/scan', verified: true, body: payload });
    expect(Object.keys(worker.received[0]?.body as object).sort()).toEqual(
      ['callbackUrl', 'project', 'provider', 'ref', 'repoUrl', 'scanId'].sort(),
    );
  });

  it('retries a busy worker after its Retry-After under the same delivery id, freshly signed', async () => {
    const waits: number[] = [];
    const d = createScannerWorkerDispatcher({
      secret: [SECRET, 'another-secret-0123456789'],
      policy: loopback,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    worker.answers.push({
      status: 429,
      body: { error: '3 scans are running' },
      headers: { 'retry-after': '2' },
    });
    worker.answers.push({ status: 503, body: { error: 'shutting down' } });
    await d.dispatch({ target: { kind: 'scanner_worker', url: worker.url }, payload, correlationId: 'c-1' });
    expect(worker.received.map((r) => r.verified)).toEqual([true, true, true]);
    expect(new Set(worker.received.map((r) => r.deliveryId)).size).toBe(1);
    expect(waits[0]).toBe(2000);
    expect(waits).toHaveLength(2);
  });

  it('counts a 409 (that scan is already running) as dispatched', async () => {
    const d = createScannerWorkerDispatcher({ secret: SECRET, policy: loopback });
    worker.answers.push({ status: 409, body: { error: 'scan scan-0001 is already running' } });
    await expect(
      d.dispatch({ target: { kind: 'scanner_worker', url: worker.url }, payload }),
    ).resolves.toEqual({
      correlationId: 'scan-0001',
    });
  });

  it('gives up on a worker that asks to wait longer than maxWaitMs', async () => {
    const d = createScannerWorkerDispatcher({ secret: SECRET, policy: loopback, maxWaitMs: 1000 });
    worker.answers.push({ status: 429, body: { error: 'busy' }, headers: { 'retry-after': '120' } });
    const e = await d
      .dispatch({ target: { kind: 'scanner_worker', url: worker.url }, payload })
      .catch((x) => x);
    expect(e).toBeInstanceOf(DispatchError);
    expect(e).toMatchObject({ code: 'scanner_worker_busy', status: 429, retryable: true });
    expect(e.message).toContain('busy');
    expect(worker.received).toHaveLength(1);
  });

  it('names the secret on 401 and the worker words on 400, without retrying or quoting the secret', async () => {
    const wrong = createScannerWorkerDispatcher({ secret: 'not-the-worker-secret-xx', policy: loopback });
    const e1 = await wrong
      .dispatch({ target: { kind: 'scanner_worker', url: worker.url }, payload })
      .catch((x) => x);
    expect(e1).toMatchObject({ code: 'scanner_worker_unauthorized', status: 401 });
    expect(e1.message).not.toContain('not-the-worker-secret-xx');
    const d = createScannerWorkerDispatcher({ secret: SECRET, policy: loopback });
    worker.answers.push({ status: 400, body: { error: 'callbackUrl refused: private address' } });
    const e2 = await d
      .dispatch({ target: { kind: 'scanner_worker', url: worker.url }, payload })
      .catch((x) => x);
    expect(e2).toMatchObject({ code: 'scanner_worker_refused', status: 400 });
    expect(e2.detail).toContain('callbackUrl refused: private address');
    expect(worker.received).toHaveLength(2);
  });

  it('refuses a URL the outbound rules refuse, and a payload the worker would refuse, before sending', async () => {
    const strict = createScannerWorkerDispatcher({ secret: SECRET });
    await expect(
      strict.dispatch({ target: { kind: 'scanner_worker', url: worker.url }, payload }),
    ).rejects.toMatchObject({ code: 'scanner_worker_url_refused' });
    const httpOnly = createScannerWorkerDispatcher({ secret: SECRET, policy: { allowHttp: true } });
    const e = await httpOnly
      .dispatch({ target: { kind: 'scanner_worker', url: worker.url }, payload })
      .catch((x) => x);
    expect(e).toMatchObject({ code: 'scanner_worker_url_refused' });
    expect(e.detail).toContain('127.0.0.1');
    const d = createScannerWorkerDispatcher({ secret: SECRET, policy: loopback });
    await expect(
      d.dispatch({
        target: { kind: 'scanner_worker', url: worker.url },
        payload: { ...payload, correlation_id: 'x' },
      }),
    ).rejects.toMatchObject({ code: 'dispatch_payload_invalid' });
    const { scanId: _omit, ...withoutId } = payload;
    await expect(
      d.dispatch({ target: { kind: 'scanner_worker', url: worker.url }, payload: withoutId }),
    ).rejects.toMatchObject({ code: 'dispatch_payload_invalid' });
    expect(worker.received).toHaveLength(0);
  });

  it('retries network errors, then fails as unavailable', async () => {
    const closed = await startWorker();
    await closed.close();
    let sleeps = 0;
    const d = createScannerWorkerDispatcher({
      secret: SECRET,
      policy: loopback,
      maxAttempts: 3,
      sleep: async () => {
        sleeps++;
      },
    });
    const e = await d
      .dispatch({ target: { kind: 'scanner_worker', url: closed.url }, payload })
      .catch((x) => x);
    expect(e).toMatchObject({ code: 'scanner_worker_unavailable', retryable: true });
    expect(e.detail).toContain('tried 3 times');
    expect(sleeps).toBe(2);
  });
});
