import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createForwarding,
  createSecretBox,
  generateSecretsKey,
  type Logger,
  parseSecretsKey,
} from '@scanrelay/core';
import type { Finding } from '@scanrelay/findings-schema';
import type { DestinationConfig, Sink, SinkContext, SinkResult } from '@scanrelay/sinks';
import { createWorker, type ScanrelayWorker } from '@scanrelay/worker';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApi, type ScanrelayApi } from '../../src/index.js';
import { type Backend, type Backends, openBackends } from './harness.js';
import { client, waitFor } from './http.js';
import { TRIVY } from './service-suite.js';

const PHOENIX_SECRET = 'phx-upload-secret-7f3a9c2e5b';
const FLAKY_TOKEN = 'flaky-token-0123456789abcdef';
const BROKEN_TOKEN = 'broken-token-0123456789abcdef';

/** A loopback receiver: records each batch by destination; `failures[name]` answers 503 that many times. */
async function startReceiver() {
  const batches: { destination: string; count: number; credential: string }[] = [];
  const failures: Record<string, number> = {};
  const server: Server = createServer((req, res) => {
    const destination = String(req.headers['x-destination']);
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      if ((failures[destination] ?? 0) > 0) {
        failures[destination] = (failures[destination] ?? 0) - 1;
        res.writeHead(503).end();
        return;
      }
      batches.push({
        destination,
        count: (JSON.parse(body) as unknown[]).length,
        credential: String(req.headers['x-credential']),
      });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"r1"}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, batches, failures, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** A test sink: POSTs batches of 100 findings; a refusal becomes an error quoting its credential (redaction is checked). */
function testSink(config: DestinationConfig): Sink {
  const url = 'url' in config ? config.url : config.apiUrl;
  const credential =
    config.kind === 'phoenix' ? config.clientSecret : config.kind === 'webhook' ? config.secrets[0]! : '';
  return {
    name: config.name,
    kind: config.kind,
    async send(findings: AsyncIterable<Finding>, ctx: SinkContext): Promise<SinkResult> {
      let sent = 0;
      let batches = 0;
      let batch: Finding[] = [];
      const post = async () => {
        const res = await fetch(url, {
          method: 'POST',
          body: JSON.stringify(batch),
          headers: { 'x-destination': config.name, 'x-credential': credential },
          signal: ctx.signal,
        });
        if (!res.ok) throw new Error(`receiver answered ${res.status} (credential ${credential})`);
        sent += batch.length;
        batches += 1;
        batch = [];
      };
      for await (const f of findings) {
        batch.push(f);
        if (batch.length === 100) await post();
      }
      if (batch.length > 0) await post();
      return {
        destination: config.name,
        kind: config.kind,
        sent,
        batches,
        remoteIds: [`${config.name}-${ctx.scanId}`],
        warnings: [],
      };
    },
  };
}

export function defineForwardCases(backend: Backend): void {
  let b: Backends;
  let api: ScanrelayApi;
  let worker: ScanrelayWorker;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let url: string;
  let keyA: string;
  let keyB: string;
  const lines: string[] = [];
  const logger: Logger = Object.fromEntries(
    (['debug', 'info', 'warn', 'error'] as const).map((l) => [
      l,
      (m: string, f?: Record<string, unknown>) => lines.push(JSON.stringify({ l, m, f })),
    ]),
  ) as unknown as Logger;

  beforeAll(async () => {
    b = await openBackends(backend);
    receiver = await startReceiver();
    const webhook = (name: string, token: string) => ({
      kind: 'webhook' as const,
      name,
      url: receiver.url,
      secrets: [token],
    });
    const forwarding = createForwarding(
      {
        destinations: [
          webhook('steady', 'steady-token-0123456789abcdef'),
          webhook('flaky', FLAKY_TOKEN),
          webhook('broken', BROKEN_TOKEN),
          {
            kind: 'phoenix',
            name: 'phoenix',
            apiUrl: receiver.url,
            clientId: 'svc-client',
            clientSecret: 'svc-secret-123456',
          },
        ],
        defaults: ['steady'],
        maxAttempts: 3,
        retryBaseMs: 50,
        retryMaxMs: 200,
      },
      {
        secrets: createSecretBox(parseSecretsKey(generateSecretsKey())),
        outbound: { allowPrivateUrls: true, allowHttp: true },
        createSink: testSink,
      },
    );
    api = createApi({
      store: b.store,
      queue: b.queue,
      logger,
      config: { dataDir: b.dataDir, logPollMs: 50 },
      forwarding,
    });
    worker = createWorker({
      store: b.store,
      queue: b.queue,
      dataDir: b.dataDir,
      forwarding,
      logger,
      pollMs: 50,
      backoff: { baseMs: 100, maxMs: 500 },
    });
    url = (await api.start({ port: 0 })).url;
    worker.start();
    const acme = await b.store.tenants.getOrCreate('acme');
    const other = await b.store.tenants.getOrCreate('other');
    keyA = (await b.store.apiKeys.create(acme.id, { name: 'ci', scopes: ['upload', 'read'] })).key;
    keyB = (await b.store.apiKeys.create(other.id, { name: 'ci', scopes: ['upload', 'read'] })).key;
  });

  afterAll(async () => {
    await api?.close({ timeoutMs: 10_000 });
    await worker?.close(5000);
    await receiver?.close();
    await b?.cleanup();
  });

  async function uploadAndForward(fields: Record<string, string>) {
    const http = client(url, keyA);
    const up = await http.upload({ path: TRIVY }, fields);
    expect(up.status, JSON.stringify(up.body)).toBe(202);
    const jobId = up.body.jobId as string;
    const job = await waitFor('the job and its forwards to end', async () => {
      const j = (await http.get(`/api/v1/jobs/${jobId}`)).body;
      const settled = j.forwards?.every(
        (f: { status: string }) => f.status === 'done' || f.status === 'dead',
      );
      return j.status === 'completed' && settled ? j : undefined;
    });
    return { http, job };
  }

  const sentTo = (name: string) =>
    receiver.batches.filter((x) => x.destination === name).reduce((n, x) => n + x.count, 0);

  it('retries only the destination that failed, without ingesting or sending again to the others', async () => {
    receiver.failures.flaky = 2;
    const { job } = await uploadAndForward({ scanner_type: 'trivy', destinations: 'steady,flaky' });
    expect(job.attempts).toBe(1);
    const byName = Object.fromEntries(job.forwards.map((f: { destination: string }) => [f.destination, f]));
    expect(byName.flaky).toMatchObject({ status: 'done', attempts: 3, sent: job.result.total });
    expect(byName.steady).toMatchObject({ status: 'done', attempts: 1, sent: job.result.total });
    expect(job.result.total).toBeGreaterThan(0);
    expect(sentTo('steady')).toBe(job.result.total);
    expect(sentTo('flaky')).toBe(job.result.total);
    expect(byName.flaky.lastError).toBeUndefined();
  });

  it('dead-letters a destination after the configured attempts, with its error redacted, visible in the API', async () => {
    receiver.failures.broken = 1000;
    const { http, job } = await uploadAndForward({ scanner_type: 'trivy', destinations: 'broken' });
    const [broken] = job.forwards;
    expect(broken).toMatchObject({ destination: 'broken', status: 'dead', attempts: 3, sent: 0 });
    expect(broken.lastError).toBe('receiver answered 503 (credential [redacted])');
    const dead = await http.get('/api/v1/forwards?status=dead');
    expect(dead.body.items.map((f: { id: string }) => f.id)).toContain(broken.id);
    expect(JSON.stringify(dead.body)).not.toContain(BROKEN_TOKEN);
    receiver.failures.broken = 0;
  });

  it('re-sends a stored scan on POST /scans/:id/forward; another tenant gets 404', async () => {
    const { http, job } = await uploadAndForward({ scanner_type: 'trivy' });
    const scanId = job.result.scanId as string;
    expect(job.forwards.map((f: { destination: string }) => f.destination)).toEqual(['steady']);
    const before = sentTo('steady');
    const other = await client(url, keyB).postJson(`/api/v1/scans/${scanId}/forward`, {
      destinations: ['steady'],
    });
    expect(other.status).toBe(404);
    expect((await client(url, keyB).get(`/api/v1/scans/${scanId}/forwards`)).status).toBe(404);
    const unknown = await http.postJson(`/api/v1/scans/${scanId}/forward`, { destinations: ['nowhere'] });
    expect(unknown.status).toBe(400);
    const again = await http.postJson(`/api/v1/scans/${scanId}/forward`, { destinations: ['steady'] });
    expect(again.status).toBe(202);
    await waitFor('the findings sent again', () => sentTo('steady') === before + job.result.total);
    const list = await waitFor('the forward to end', async () => {
      const l = (await http.get(`/api/v1/scans/${scanId}/forwards`)).body;
      return l.items[0]?.status === 'done' ? l : undefined;
    });
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ destination: 'steady', attempts: 1, sent: job.result.total });
  });

  it("uses an upload's Phoenix credentials over the service's, and never shows or logs them", async () => {
    const { http, job } = await uploadAndForward({
      scanner_type: 'trivy',
      destinations: 'phoenix',
      phoenix_client_id: 'upload-client',
      phoenix_client_secret: PHOENIX_SECRET,
    });
    const [phoenix] = job.forwards;
    expect(phoenix).toMatchObject({ destination: 'phoenix', kind: 'phoenix', status: 'done' });
    expect(receiver.batches.filter((x) => x.destination === 'phoenix').map((x) => x.credential)).toContain(
      PHOENIX_SECRET,
    );
    expect(await b.store.forwards.sealedCredentials(phoenix.id)).toBeUndefined();
    const stored = await b.store.jobs.getById(job.id);
    expect(JSON.stringify(stored?.input)).not.toContain('sealedCredentials');
    const reads = [
      job,
      (await http.get(`/api/v1/scans/${job.result.scanId}`)).body,
      (await http.get(`/api/v1/scans/${job.result.scanId}/forwards`)).body,
      (await http.get('/api/v1/jobs')).body,
      await http.events(job.id),
    ];
    for (const r of reads) expect(JSON.stringify(r)).not.toContain(PHOENIX_SECRET);
    for (const secret of [PHOENIX_SECRET, FLAKY_TOKEN, BROKEN_TOKEN])
      expect(lines.join('\n')).not.toContain(secret);
  });

  it('forwards Invicti results posted to /v1/findings to the default destinations, once', async () => {
    const http = client(url, keyA);
    const finding = (name: string) => ({
      id: crypto.randomUUID(),
      name,
      category: 'Cross-site Scripting',
      severity: 'HIGH',
      location: 'https://shop.example/search?q=1',
      parsed_at: new Date().toISOString(),
    });
    const body = {
      project: 'storefront',
      scan: { externalId: 'invicti-scan-77', provider: 'invicti' },
      findings: [finding('Reflected XSS'), finding('Stored XSS')],
    };
    const before = sentTo('steady');
    const first = await http.postJson('/v1/findings', body);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const scanId = first.body.scanId as string;
    const list = await waitFor('the forward of the results to end', async () => {
      const l = (await http.get(`/api/v1/scans/${scanId}/forwards`)).body;
      return l.items[0]?.status === 'done' ? l : undefined;
    });
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ destination: 'steady', sent: 2 });
    expect(sentTo('steady')).toBe(before + 2);
    // Posted again (a retried workflow): replayed, and not forwarded a second time.
    const again = await http.postJson('/v1/findings', body);
    expect(again.body).toMatchObject({ scanId, replayed: true });
    const after = (await http.get(`/api/v1/scans/${scanId}/forwards`)).body;
    expect(after.items).toHaveLength(1);
    expect(after.items[0]).toMatchObject({ status: 'done', attempts: 1 });
  });

  it('refuses an unknown destination and incomplete Phoenix credentials with 400, keeping nothing', async () => {
    const http = client(url, keyA);
    const unknown = await http.upload({ path: TRIVY }, { destinations: 'nowhere' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.detail).toContain('"nowhere"');
  });
}
