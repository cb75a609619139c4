import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMemoryDeliveryStore, signRequest, verify } from '@scanrelay/hmac-webhooks';
import type { SastResult, ScanRequest } from '@scanrelay/sast-runners';
import { makeTempDir, waitFor } from '@scanrelay/test-utils';
import { afterAll, describe, expect, it } from 'vitest';
import { deliverByCallback } from '../src/scanner-worker/deliver-by-callback.js';
import { startScannerWorker } from '../src/scanner-worker/index.js';

const SECRET = 'whsec_scanner-worker-callback-secret';
const POLICY = { allowPrivateUrls: true, allowHttp: true };

/** A callback receiver checking the scanrelay signature; answers 503 to the first `failures` requests. */
async function startReceiver(failures: number) {
  const store = createMemoryDeliveryStore();
  const attempts: string[] = [];
  const accepted: SastResult[] = [];
  let replays = 0;
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    attempts.push(String(req.headers['x-webhook-id']));
    if (attempts.length <= failures) return res.writeHead(503).end('try later');
    const checked = await verify({ scheme: 'scanrelay', secret: SECRET, body, headers: req.headers, store });
    if (!checked.ok) {
      if (checked.reason === 'replayed') replays += 1;
      return res.writeHead(checked.reason === 'replayed' ? 200 : 401).end(checked.reason);
    }
    accepted.push(JSON.parse(body.toString('utf8')) as SastResult);
    res.writeHead(204).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/scan-results`,
    attempts,
    accepted,
    replays: () => replays,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const tmp = makeTempDir('scanner-worker-callback-');
afterAll(() => tmp.cleanup());

describe('scanner worker callbacks', () => {
  it('retries a receiver that fails three times, which then gets the signed result exactly once', async () => {
    const receiver = await startReceiver(3);
    const finishedAt = new Date().toISOString();
    const worker = await startScannerWorker({
      secret: SECRET,
      port: 0,
      policy: POLICY,
      tmpRoot: tmp.dir,
      deps: {
        scan: async (request: ScanRequest) => ({
          ...request,
          commitSha: 'b'.repeat(40),
          tool: { name: 'Bandit', version: '1.7.10' },
          startedAt: finishedAt,
          finishedAt,
          status: 'completed',
          counts: { critical: 0, high: 1, medium: 2, low: 0, info: 0 },
          verdict: 'pass',
          score: 81,
          findings: [],
        }),
        deliver: deliverByCallback({ secret: SECRET, policy: POLICY, retry: { baseDelayMs: 10 } }),
      },
    });
    try {
      const body = {
        repoUrl: 'https://git.example.org/acme/widget.git',
        project: 'acme/widget',
        provider: 'bandit',
        callbackUrl: receiver.url,
        scanId: 'scan-42',
      };
      const signed = signRequest({ secret: SECRET, body });
      const res = await fetch(`${worker.url}/scan`, {
        method: 'POST',
        headers: signed.headers,
        body: signed.body,
      });
      expect(res.status).toBe(202);

      await waitFor('the result to be accepted', () => receiver.accepted.length === 1);
      await waitFor('the scan slot to be freed', () => worker.activeScans === 0);
      expect(receiver.attempts).toHaveLength(4);
      // One delivery: the same id on every attempt.
      expect(new Set(receiver.attempts).size).toBe(1);
      expect(receiver.replays()).toBe(0);
      expect(receiver.accepted[0]).toMatchObject({
        scanId: 'scan-42',
        project: 'acme/widget',
        provider: 'bandit',
        commitSha: 'b'.repeat(40),
        status: 'completed',
        counts: { high: 1, medium: 2 },
        score: 81,
      });
    } finally {
      await worker.close({ graceMs: 0 });
      await receiver.close();
    }
  });
});
