import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fromSecureCodeBox } from '@scanrelay/findings-schema';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSink, destinationConfigSchema, type Sink, type SinkDeps } from '../src/index.js';
import { context, finding, recordingSleep, stream } from './phoenix-helpers.js';

const TOKEN = 'scb-token-Hh27KpQe';
const local = { allowPrivateUrls: true, allowHttp: true };

interface Received {
  path: string;
  query: Record<string, string>;
  authorization: string | undefined;
  body: unknown;
}

/** A findings endpoint like scanrelay's `/v1/findings`: bearer token, bare findings array, `{scanId}` back. */
let server: Server;
let url: string;
let received: Received[];
let failures: number[];

beforeEach(async () => {
  received = [];
  failures = [];
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const status = failures.shift();
      if (status) return void res.writeHead(status).end('{"title":"unavailable"}');
      if (req.headers.authorization !== `Bearer ${TOKEN}`)
        return void res.writeHead(401).end('{"title":"unauthorized"}');
      const u = new URL(req.url ?? '/', 'http://x');
      received.push({
        path: u.pathname,
        query: Object.fromEntries(u.searchParams),
        authorization: req.headers.authorization,
        body: JSON.parse(Buffer.concat(chunks).toString()),
      });
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ scanId: `remote-${u.searchParams.get('scan_id')}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/findings`;
});
afterEach(async () => {
  await new Promise((resolve) => server.close(resolve));
});

function scb(over: Record<string, unknown> = {}, deps: Partial<SinkDeps> = {}): Sink {
  const config = destinationConfigSchema.parse({
    kind: 'securecodebox',
    name: 'scb',
    url,
    token: TOKEN,
    attempts: 3,
    ...over,
  });
  return createSink(config, { outbound: local, sleep: recordingSleep().sleep, ...deps });
}

describe('secureCodeBox sink', () => {
  it('posts bare secureCodeBox findings arrays in batches that convert back to the same findings', async () => {
    const findings = [
      finding({ severity: 'critical', ruleId: 'CVE-1' }),
      finding({
        severity: 'medium',
        ruleId: 'CVE-2',
        location: { kind: 'source', file: 'src/a.ts', startLine: 3 },
        cwe: ['CWE-79'],
        cve: [],
      }),
      finding({
        severity: 'info',
        ruleId: 'CVE-3',
        location: { kind: 'url', url: 'https://shop.example.com/' },
        cve: [],
      }),
    ];
    const result = await scb({ batchMaxFindings: 2 }).send(stream(findings), context({ importType: 'new' }));
    expect(result).toEqual({
      destination: 'scb',
      kind: 'securecodebox',
      sent: 3,
      batches: 2,
      remoteIds: ['remote-scan-1', 'remote-scan-1-part-2'],
      warnings: [],
    });
    expect(received.map((r) => [r.path, r.query])).toEqual([
      [
        '/v1/findings',
        { project: 'shop', scan_id: 'scan-1', provider: 'scanrelay', kind: 'upload', import_type: 'new' },
      ],
      [
        '/v1/findings',
        {
          project: 'shop',
          scan_id: 'scan-1-part-2',
          provider: 'scanrelay',
          kind: 'upload',
          import_type: 'merge',
        },
      ],
    ]);
    const sent = received.flatMap((r) => r.body as unknown[]);
    expect(sent.map((f) => (f as { severity: string }).severity)).toEqual([
      'HIGH',
      'MEDIUM',
      'INFORMATIONAL',
    ]);
    expect(sent[1]).toMatchObject({
      location: 'src/a.ts:3',
      scan: { scan_type: 'trivy', name: 'scanrelay-scan-1' },
    });
    const back = fromSecureCodeBox(sent);
    expect(back.map((f) => [f.fingerprint, f.severity, f.ruleId])).toEqual(
      findings.map((f) => [f.fingerprint, f.severity, f.ruleId]),
    );
  });

  it('keeps delta for every batch of a delta import and retries a 502', async () => {
    const { sleep, waits } = recordingSleep();
    failures.push(502);
    const findings = [finding({ ruleId: 'a' }), finding({ ruleId: 'b' })];
    await scb({ batchMaxFindings: 1 }, { sleep }).send(stream(findings), context({ importType: 'delta' }));
    expect(waits).toHaveLength(1);
    expect(received.map((r) => r.query.import_type)).toEqual(['delta', 'delta']);
  });

  it('reports a refused token as SINK_AUTH without the token anywhere', async () => {
    const lines: string[] = [];
    const error = await scb(
      { token: 'not-the-token-991' },
      { log: (l, m, f) => lines.push(`${l} ${m} ${JSON.stringify(f)}`) },
    )
      .send(stream([finding()]), context())
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'SINK_AUTH',
      status: 401,
      destination: 'scb',
      request: 'POST /v1/findings',
    });
    const seen = [String(error), JSON.stringify(error), (error as Error).stack ?? '', ...lines].join('\n');
    expect(seen).not.toContain('not-the-token-991');
    expect(received).toEqual([]);
  });
});
