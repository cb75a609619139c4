import { createHmac, generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMemoryDeliveryStore, verify } from '@scanrelay/hmac-webhooks';
import { waitFor } from '@scanrelay/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { signAttestation, verifyAttestation } from '../src/attest/index.js';
import { CallbackError, isCallbackError, postCallback } from '../src/callback/index.js';
import { sampleResult } from './support/sample-result.js';

const SECRET = 'cb-secret-7f3a9d2e41';
const OLD_SECRET = 'cb-secret-old-0c5b';
const LOOPBACK = { allowPrivateUrls: true, allowHttp: true };
const FAST = { baseDelayMs: 5, maxDelayMs: 20 };

interface Attempt {
  headers: IncomingHttpHeaders;
  body: Buffer;
  url: string;
}

/** A receiver built like the API's: scanrelay scheme, one acceptance per delivery id, faults on demand. */
async function startReceiver(secrets: string[] = [SECRET]) {
  const attempts: Attempt[] = [];
  const accepted: { deliveryId: string; payload: Record<string, unknown> }[] = [];
  const faults: { status: number; retryAfter?: string }[] = [];
  const store = createMemoryDeliveryStore();
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    attempts.push({ headers: req.headers, body, url: req.url ?? '' });
    const fault = faults.shift();
    if (fault) {
      res.writeHead(fault.status, fault.retryAfter ? { 'retry-after': fault.retryAfter } : {}).end('fault');
      return;
    }
    const checked = await verify({ scheme: 'scanrelay', secret: secrets, body, headers: req.headers, store });
    if (!checked.ok) {
      res.writeHead(401).end(checked.reason);
      return;
    }
    accepted.push({ deliveryId: checked.deliveryId, payload: JSON.parse(body.toString('utf8')) });
    res.writeHead(204).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  servers.push(server);
  return {
    url: `http://127.0.0.1:${port}/api/v1/webhooks/scan-results?token=tok-abc123`,
    port,
    attempts,
    accepted,
    failNext(count: number, status: number, retryAfter?: string) {
      for (let i = 0; i < count; i++)
        faults.push(retryAfter === undefined ? { status } : { status, retryAfter });
    },
  };
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function failureOf(run: Promise<unknown>): Promise<CallbackError> {
  try {
    await run;
  } catch (e) {
    if (isCallbackError(e)) return e;
    throw e;
  }
  throw new Error('expected a CallbackError');
}

describe('postCallback', () => {
  it('delivers once to a receiver that fails three times, the same signed bytes on every attempt', async () => {
    const receiver = await startReceiver();
    receiver.failNext(2, 503);
    receiver.failNext(1, 429, '0');
    const result = await sampleResult();

    const delivery = await postCallback({
      url: receiver.url,
      secret: SECRET,
      result,
      policy: LOOPBACK,
      retry: FAST,
    });

    expect(delivery).toMatchObject({ attempts: 4, status: 204 });
    expect(receiver.attempts).toHaveLength(4);
    expect(receiver.accepted).toHaveLength(1);
    const [first] = receiver.attempts;
    for (const attempt of receiver.attempts) {
      expect(attempt.headers['x-webhook-id']).toBe(delivery.deliveryId);
      expect(attempt.body.equals(first!.body)).toBe(true);
      expect(attempt.headers['content-type']).toBe('application/json');
    }
    expect(Buffer.from(delivery.body).equals(first!.body)).toBe(true);
    const payload = receiver.accepted[0]!.payload;
    expect(payload).toMatchObject({
      project: 'acme-skill',
      provider: 'bandit',
      scanId: 'scan-42',
      commitSha: result.commitSha,
      status: 'completed',
      counts: { high: 1, medium: 1, low: 1 },
      verdict: 'pass',
    });
    expect(payload.findings).toHaveLength(3);
  });

  it('also lists the bare hex HMAC-SHA256 of the exact body bytes in x-webhook-signature', async () => {
    const receiver = await startReceiver();
    await postCallback({ url: receiver.url, secret: SECRET, result: await sampleResult(), policy: LOOPBACK });
    const { headers, body } = receiver.attempts[0]!;
    const entries = String(headers['x-webhook-signature']).split(' ');
    const id = String(headers['x-webhook-id']);
    const ts = String(headers['x-webhook-timestamp']);
    const hmac = (text: Buffer) => createHmac('sha256', SECRET).update(text).digest('hex');
    expect(entries).toEqual([
      `hmac-sha256=${hmac(Buffer.concat([Buffer.from(`${id}.${ts}.`), body]))}`,
      hmac(body),
    ]);
    expect(receiver.accepted).toHaveLength(1);
  });

  it('signs with every secret during a rotation, so a receiver still on the old one accepts', async () => {
    const receiver = await startReceiver([OLD_SECRET]);
    const delivery = await postCallback({
      url: receiver.url,
      secret: [SECRET, OLD_SECRET],
      result: await sampleResult(),
      policy: LOOPBACK,
    });
    expect(delivery.attempts).toBe(1);
    expect(receiver.accepted).toHaveLength(1);
    expect(String(receiver.attempts[0]!.headers['x-webhook-signature']).split(' ')).toHaveLength(4);
  });

  it('posts a failed scan as status failed with its reason', async () => {
    const receiver = await startReceiver();
    const failed = await sampleResult({
      status: 'failed',
      commitSha: undefined,
      error: 'checkout failed: git clone exited with 128',
      findings: [],
      counts: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
      score: 0,
      verdict: 'fail',
    });
    await postCallback({ url: receiver.url, secret: SECRET, result: failed, policy: LOOPBACK });
    expect(receiver.accepted[0]!.payload).toMatchObject({
      status: 'failed',
      error: 'checkout failed: git clone exited with 128',
      findings: [],
    });
    expect(receiver.accepted[0]!.payload).not.toHaveProperty('commitSha');
  });

  it('carries the attestation, which the receiver can verify against the posted result', async () => {
    const receiver = await startReceiver();
    const keys = generateKeyPairSync('ed25519');
    const result = await sampleResult();
    const attestation = signAttestation(result, keys.privateKey);
    await postCallback({ url: receiver.url, secret: SECRET, result, attestation, policy: LOOPBACK });
    const { attestation: posted, ...postedResult } = receiver.accepted[0]!.payload;
    const proven = verifyAttestation(posted, keys.publicKey, { result: postedResult as typeof result });
    expect(proven.commitSha).toBe(result.commitSha);
  });

  it('does not retry a 4xx that a retry cannot fix, and names the receiver by origin only', async () => {
    const receiver = await startReceiver(['another-secret']);
    const error = await failureOf(
      postCallback({
        url: receiver.url,
        secret: SECRET,
        result: await sampleResult(),
        policy: LOOPBACK,
        retry: FAST,
      }),
    );
    expect(error).toBeInstanceOf(CallbackError);
    expect(error).toMatchObject({ code: 'rejected', status: 401, attempts: 1 });
    expect(error.message).toContain(`http://127.0.0.1:${receiver.port} answered 401`);
    expect(error.message).not.toContain('tok-abc123');
    expect(error.message).not.toContain(SECRET);
    expect(receiver.attempts).toHaveLength(1);
  });

  it('gives up after maxAttempts with the last status', async () => {
    const receiver = await startReceiver();
    receiver.failNext(5, 502);
    const error = await failureOf(
      postCallback({
        url: receiver.url,
        secret: SECRET,
        result: await sampleResult(),
        policy: LOOPBACK,
        retry: { ...FAST, maxAttempts: 3 },
      }),
    );
    expect(error).toMatchObject({ code: 'gave_up', status: 502, attempts: 3 });
    expect(error.message).toContain('the last attempt answered 502');
    expect(receiver.attempts).toHaveLength(3);
    expect(receiver.accepted).toHaveLength(0);
  });

  it('retries network errors (nothing listening) and then gives up', async () => {
    const receiver = await startReceiver();
    await new Promise((r) => servers.pop()!.close(r));
    const error = await failureOf(
      postCallback({
        url: receiver.url,
        secret: SECRET,
        result: await sampleResult(),
        policy: LOOPBACK,
        retry: { ...FAST, maxAttempts: 2 },
      }),
    );
    expect(error).toMatchObject({ code: 'gave_up', attempts: 2 });
    expect(error.message).toMatch(/ECONNREFUSED/);
  });

  it('refuses callback URLs that break the outbound rules before sending anything', async () => {
    const receiver = await startReceiver();
    const result = await sampleResult();
    const refused = async (url: string, policy = {}) =>
      failureOf(postCallback({ url, secret: SECRET, result, policy }));
    expect(await refused(receiver.url)).toMatchObject({ code: 'url_refused', attempts: 0 });
    expect((await refused(receiver.url)).message).toMatch(/expected an https URL, got http/);
    expect((await refused(`https://127.0.0.1:${receiver.port}/cb`)).message).toMatch(
      /127\.0\.0\.1 is a private/,
    );
    expect((await refused('https://169.254.169.254/latest/meta-data')).message).toMatch(/private or special/);
    expect((await refused('https://localhost/cb')).message).toMatch(/names the local host/);
    expect((await refused('https://user:pw@example.com/cb')).message).toMatch(/credentials in the URL/);
    expect((await refused('file:///etc/passwd', LOOPBACK)).code).toBe('url_refused');
    expect(receiver.attempts).toHaveLength(0);
  });

  it('stops when its signal is aborted', async () => {
    const receiver = await startReceiver();
    receiver.failNext(1, 503, '60');
    const controller = new AbortController();
    const run = postCallback({
      url: receiver.url,
      secret: SECRET,
      result: await sampleResult(),
      policy: LOOPBACK,
      signal: controller.signal,
    });
    await waitFor('the first attempt', () => receiver.attempts.length > 0);
    controller.abort();
    expect(await failureOf(run)).toMatchObject({ code: 'aborted', attempts: 1 });
    expect(receiver.accepted).toHaveLength(0);
  });
});
