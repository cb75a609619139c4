import { createFakePhoenix, type FakePhoenix } from '@scanrelay/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSink, destinationConfigSchema, isSinkError, type Sink, type SinkDeps } from '../src/index.js';
import { CLIENT_ID, CLIENT_SECRET, context, finding, recordingSleep, stream } from './phoenix-helpers.js';

let fake: FakePhoenix;
const local = { allowPrivateUrls: true, allowHttp: true };

beforeEach(async () => {
  fake = await createFakePhoenix({
    clients: { [CLIENT_ID]: CLIENT_SECRET, 'other-client': 'other-secret-123' },
  });
});
afterEach(async () => {
  await fake.close();
});

function phoenix(over: Record<string, unknown> = {}, deps: Partial<SinkDeps> = {}): Sink {
  const config = destinationConfigSchema.parse({
    kind: 'phoenix',
    name: 'phx',
    apiUrl: fake.url,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    attempts: 3,
    ...over,
  });
  return createSink(config, { outbound: local, sleep: recordingSleep().sleep, ...deps });
}

describe('Phoenix sink, JSON import', () => {
  it('groups findings into assets by location, with Phoenix severities, CWE-n and reference ids', async () => {
    const findings = [
      finding(),
      finding({
        severity: 'critical',
        ruleId: 'CVE-2024-0002',
        name: 'CVE-2024-0002 zlib',
        location: { kind: 'package', name: 'zlib', path: 'alpine:3.19 (alpine 3.19.1)' },
        attributes: { artifactName: 'alpine:3.19' },
      }),
      finding({
        tool: { id: 'semgrep', name: 'Semgrep' },
        severity: 'medium',
        ruleId: 'xss',
        name: 'XSS',
        category: 'SAST',
        location: { kind: 'source', file: 'src/app.ts', startLine: 12 },
        cwe: ['CWE-79'],
        cve: [],
        mitigation: 'Escape output',
      }),
      finding({
        tool: { id: 'zap', name: 'ZAP' },
        severity: 'low',
        ruleId: '10020',
        name: 'Missing header',
        category: 'DAST',
        location: { kind: 'url', url: 'https://shop.example.com/login' },
        cwe: ['CWE-1021'],
        cve: [],
      }),
      finding({
        tool: { id: 'nuclei', name: 'Nuclei' },
        severity: 'info',
        ruleId: 'ssh',
        name: 'SSH open',
        category: 'network',
        location: { kind: 'host', host: '203.0.113.7', port: 22 },
        cwe: [],
        cve: [],
      }),
    ];
    const result = await phoenix().send(stream(findings), context({ importType: 'merge' }));
    expect(result).toMatchObject({ sent: 5, batches: 5, kind: 'phoenix', destination: 'phx' });
    expect(result.remoteIds).toHaveLength(5);
    const byType = Object.fromEntries(fake.imports.map((i) => [i.assessment.assetType, i]));
    expect(Object.keys(byType).sort()).toEqual(['BUILD', 'CONTAINER', 'INFRA', 'REPOSITORY', 'WEB']);
    expect(
      fake.imports.every(
        (i) => i.importType === 'merge' && i.assessment.name === 'shop' && i.clientId === CLIENT_ID,
      ),
    ).toBe(true);
    expect(byType.BUILD?.assets[0]?.attributes).toEqual({ buildFile: 'package-lock.json' });
    expect(byType.CONTAINER?.assets[0]?.attributes).toEqual({ dockerfile: 'alpine:3.19' });
    expect(byType.REPOSITORY?.assets[0]?.attributes).toEqual({ repository: 'shop' });
    expect(byType.WEB?.assets[0]?.attributes).toEqual({ fqdn: 'shop.example.com' });
    expect(byType.INFRA?.assets[0]?.attributes).toEqual({ ip: '203.0.113.7', hostname: '203.0.113.7' });
    const build = byType.BUILD?.assets[0]?.findings[0];
    expect(build).toMatchObject({
      severity: '8.0',
      cwes: ['CWE-120'],
      referenceIds: ['CVE-2024-0001', 'GHSA-abcd-efgh-ijkl'],
      remedy: 'Upgrade openssl to 3.0.7',
      location: 'openssl@3.0.1',
      details: { otherIds: ['OSV-2024-1'], ruleId: 'CVE-2024-0001' },
    });
    expect(byType.CONTAINER?.assets[0]?.findings[0]?.severity).toBe('10.0');
    expect(byType.REPOSITORY?.assets[0]?.findings[0]).toMatchObject({
      severity: '5.0',
      cwes: ['CWE-79'],
      remedy: 'Escape output',
      location: 'src/app.ts:12',
    });
    expect(byType.WEB?.assets[0]?.findings[0]?.severity).toBe('2.0');
    expect(byType.INFRA?.assets[0]?.findings[0]).toMatchObject({
      severity: '1.0',
      location: '203.0.113.7:22',
    });
  });

  it("lets the upload's asset type override the inferred one", async () => {
    const findings = [finding(), finding({ location: { kind: 'source', file: 'a.py' } })];
    await phoenix().send(stream(findings), context({ assetType: 'code' }));
    expect(fake.imports.map((i) => i.assessment.assetType)).toEqual(['CODE']);
    expect(fake.imports[0]?.assets.map((a) => a.attributes)).toEqual([
      { scannerSource: 'package-lock.json', repository: 'package-lock.json' },
      { scannerSource: 'shop', repository: 'shop' },
    ]);
    const bad = await phoenix()
      .send(stream([finding()]), context({ assetType: 'MAINFRAME' }))
      .catch((e) => e);
    expect(bad).toMatchObject({ code: 'SINK_REJECTED' });
  });

  it('bounds batches by asset count; later batches go as delta', async () => {
    const findings = Array.from({ length: 5 }, (_, i) =>
      finding({ location: { kind: 'package', name: 'p', path: `app${i}/package-lock.json` } }),
    );
    const result = await phoenix({ batchMaxAssets: 2 }).send(stream(findings), context());
    expect(fake.imports.map((i) => i.assetCount)).toEqual([2, 2, 1]);
    expect(fake.imports.map((i) => i.importType)).toEqual(['new', 'delta', 'delta']);
    expect(result).toMatchObject({ sent: 5, batches: 3 });
    expect(result.warnings).toEqual([
      '3 import requests: the first of each asset type went as "new", the rest as "delta"',
    ]);
  });

  it('bounds batches by bytes', async () => {
    const findings = Array.from({ length: 40 }, (_, i) =>
      finding({ description: `d${i} ${'x'.repeat(900)}` }),
    );
    await phoenix({ batchMaxBytes: 10_000 }).send(stream(findings), context());
    expect(fake.imports.length).toBeGreaterThanOrEqual(4);
    expect(fake.imports.every((i) => i.bytes <= 10_000)).toBe(true);
    expect(fake.imports.reduce((n, i) => n + i.findingCount, 0)).toBe(40);
  });

  it('re-authenticates once when the token is refused mid-run', async () => {
    const findings = Array.from({ length: 4 }, (_, i) =>
      finding({ location: { kind: 'package', name: 'p', path: `m${i}/go.mod` } }),
    );
    const result = await phoenix({ batchMaxAssets: 1 }).send(
      stream(findings, (i) => {
        if (i === 2) fake.expireTokens();
      }),
      context(),
    );
    expect(result.sent).toBe(4);
    const tokenCalls = fake.requests.filter((r) => r.path === '/v1/auth/access_token');
    expect(tokenCalls.map((r) => r.status)).toEqual([200, 200]);
    expect(fake.requests.filter((r) => r.status === 401)).toHaveLength(1);
    expect(fake.imports).toHaveLength(4);
  });

  it('reports SINK_AUTH when the token is refused twice', async () => {
    fake.fail({ kind: 'status', status: 401 }, { path: 'v1/import/assets', count: 2 });
    const err = await phoenix()
      .send(stream([finding()]), context())
      .catch((e) => e);
    expect(isSinkError(err)).toBe(true);
    expect(err).toMatchObject({ code: 'SINK_AUTH', status: 401, destination: 'phx' });
  });

  it('splits a batch on 413 and sends both halves', async () => {
    fake.setMaxPayloadBytes(6_000);
    const findings = Array.from({ length: 10 }, (_, i) =>
      finding({ description: `d${i} ${'y'.repeat(800)}` }),
    );
    const result = await phoenix().send(stream(findings), context());
    expect(fake.requests.some((r) => r.status === 413)).toBe(true);
    expect(result.sent).toBe(10);
    expect(fake.imports.reduce((n, i) => n + i.findingCount, 0)).toBe(10);
    expect(fake.imports.every((i) => i.bytes <= 6_000)).toBe(true);
  });

  it('gives up with SINK_TOO_LARGE when one finding is over the limit', async () => {
    fake.setMaxPayloadBytes(500);
    const err = await phoenix()
      .send(stream([finding({ description: 'z'.repeat(2000) })]), context())
      .catch((e) => e);
    expect(err).toMatchObject({ code: 'SINK_TOO_LARGE', status: 413 });
  });

  it('waits for Retry-After on 429', async () => {
    const rec = recordingSleep();
    fake.fail({ kind: 'status', status: 429, retryAfter: 7 }, { path: 'v1/import/assets' });
    const result = await phoenix({}, { sleep: rec.sleep }).send(stream([finding()]), context());
    expect(rec.waits).toEqual([7000]);
    expect(result.sent).toBe(1);
    expect(fake.imports).toHaveLength(1);
  });

  it('rides out Phoenix being down, then fails over to a later forward without importing twice', async () => {
    const rec = recordingSleep();
    fake.fail({ kind: 'status', status: 503 }, { path: 'v1/import/assets', count: 3 });
    const sink = phoenix({}, { sleep: rec.sleep, random: () => 0.5 });
    const err = await sink.send(stream([finding()]), context()).catch((e) => e);
    expect(err).toMatchObject({ code: 'SINK_UNAVAILABLE', status: 503, attempts: 3, retryable: true });
    expect(rec.waits).toEqual([250, 500]);
    expect(fake.imports).toHaveLength(0);
    fake.fail({ kind: 'status', status: 502 }, { path: 'v1/import/assets', count: 1 });
    const ok = await sink.send(stream([finding()]), context());
    expect(ok.sent).toBe(1);
    expect(fake.imports).toHaveLength(1);
  });

  it('reports SINK_UNREACHABLE when nothing listens', async () => {
    const url = fake.url;
    await fake.close();
    const sink = createSink(
      destinationConfigSchema.parse({
        kind: 'phoenix',
        name: 'phx',
        apiUrl: url,
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        attempts: 2,
      }),
      { outbound: local, sleep: recordingSleep().sleep },
    );
    const err = await sink.send(stream([finding()]), context()).catch((e) => e);
    expect(err).toMatchObject({ code: 'SINK_UNREACHABLE', attempts: 2 });
    fake = await createFakePhoenix();
  });

  it('refuses a private or plain-http URL unless allowed, before any request', async () => {
    const strict = phoenix({}, { outbound: {} });
    expect(await strict.send(stream([finding()]), context()).catch((e) => e)).toMatchObject({
      code: 'SINK_URL_REFUSED',
    });
    const httpOnly = phoenix({}, { outbound: { allowHttp: true } });
    const err = await httpOnly.send(stream([finding()]), context()).catch((e) => e);
    expect(err).toMatchObject({ code: 'SINK_URL_REFUSED' });
    expect(err.message).toContain('127.0.0.1');
    expect(fake.requests).toHaveLength(0);
  });

  it('keeps every client isolated', async () => {
    await phoenix().send(stream([finding()]), context({ project: 'a' }));
    await phoenix({ clientId: 'other-client', clientSecret: 'other-secret-123' }).send(
      stream([finding()]),
      context({ project: 'b' }),
    );
    expect(fake.imports.map((i) => [i.clientId, i.assessment.name])).toEqual([
      [CLIENT_ID, 'a'],
      ['other-client', 'b'],
    ]);
  });
});
