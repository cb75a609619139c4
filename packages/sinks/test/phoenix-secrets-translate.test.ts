import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFakePhoenix, type FakePhoenix } from '@scanrelay/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { batchFindings, createSink, destinationConfigSchema, parseRetryAfter } from '../src/index.js';
import { CLIENT_ID, CLIENT_SECRET, context, finding, recordingSleep, stream } from './phoenix-helpers.js';

let fake: FakePhoenix;
let dir: string;
const local = { allowPrivateUrls: true, allowHttp: true };

beforeEach(async () => {
  fake = await createFakePhoenix({ clients: { [CLIENT_ID]: CLIENT_SECRET } });
  dir = await mkdtemp(join(tmpdir(), 'sinks-phoenix-'));
});
afterEach(async () => {
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});

const config = (over: Record<string, unknown> = {}) =>
  destinationConfigSchema.parse({
    kind: 'phoenix',
    name: 'phx',
    apiUrl: fake.url,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    attempts: 2,
    ...over,
  });

describe('credentials never leave', () => {
  it('keeps the secret, the Basic header and the token out of errors and log lines', async () => {
    const lines: string[] = [];
    const log = (level: string, message: string, fields?: Record<string, unknown>) =>
      void lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
    const basic = Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64');
    // A server that echoes what it was sent: the excerpt in the error must be scrubbed.
    fake.fail(
      { kind: 'status', status: 503, message: `upstream saw ${CLIENT_SECRET} Basic ${basic}` },
      { path: 'v1/import/assets' },
    );
    fake.fail(
      { kind: 'status', status: 400, message: `bad request from ${CLIENT_SECRET}` },
      { path: 'v1/import/assets' },
    );
    const sink = createSink(config(), { outbound: local, log, sleep: recordingSleep().sleep });
    const err = await sink.send(stream([finding()]), context()).catch((e) => e);
    expect(err).toMatchObject({ code: 'SINK_REJECTED', status: 400 });
    expect(err.message).toContain('[REDACTED]');
    const wrong = createSink(config({ clientSecret: 'not-the-secret-9Xk' }), { outbound: local, log });
    const auth = await wrong.send(stream([finding()]), context()).catch((e) => e);
    expect(auth).toMatchObject({ code: 'SINK_AUTH', status: 401 });
    for (const text of [
      err.message,
      String(err),
      JSON.stringify(err),
      auth.message,
      String(auth),
      JSON.stringify(auth),
      ...lines,
    ]) {
      expect(text).not.toContain(CLIENT_SECRET);
      expect(text).not.toContain(basic);
      expect(text).not.toContain('not-the-secret-9Xk');
    }
    expect(lines.length).toBeGreaterThan(0);
  });
});

describe('translate mode', () => {
  it('posts the raw report and polls until IMPORTED', async () => {
    const report = join(dir, 'trivy.json');
    await writeFile(report, JSON.stringify({ SchemaVersion: 2, ArtifactName: 'alpine:3.19', Results: [] }));
    const rec = recordingSleep();
    const sink = createSink(config({ mode: 'translate', translatePollIntervalMs: 2000 }), {
      outbound: local,
      sleep: rec.sleep,
    });
    const result = await sink.send(
      stream([finding(), finding()]),
      context({ reportPath: report, importType: 'delta', assessmentName: 'shop-prod' }),
    );
    expect(fake.translates).toHaveLength(1);
    expect(fake.translates[0]).toMatchObject({
      scanType: 'Trivy Scan',
      assessmentName: 'shop-prod',
      importType: 'delta',
      fileName: 'trivy.json',
      polls: 3,
      clientId: CLIENT_ID,
    });
    expect(result).toMatchObject({ sent: 2, batches: 1, remoteIds: [fake.translates[0]?.id] });
    expect(rec.waits).toEqual([2000, 2000]);
  });

  it('reports SINK_IMPORT_FAILED when Phoenix cannot translate, and SINK_REJECTED for an unknown scanner', async () => {
    await fake.close();
    fake = await createFakePhoenix({
      clients: { [CLIENT_ID]: CLIENT_SECRET },
      translateOutcome: 'ERROR',
      translatePolls: 0,
    });
    const report = join(dir, 'r.json');
    await writeFile(report, '{}');
    const sink = createSink(config({ mode: 'translate' }), {
      outbound: local,
      sleep: recordingSleep().sleep,
    });
    const err = await sink.send(stream([]), context({ reportPath: report })).catch((e) => e);
    expect(err).toMatchObject({ code: 'SINK_IMPORT_FAILED' });
    expect(err.message).toContain('Unsupported report format');
    // cppcheck XML: neither Phoenix's list nor DefectDojo has a name for it.
    const unknown = await sink
      .send(stream([]), context({ reportPath: report, scanner: 'cppcheck' }))
      .catch((e) => e);
    expect(unknown).toMatchObject({ code: 'SINK_REJECTED' });
    expect(unknown.message).toContain("set the destination's scanType");
  });

  it("labels a scanner missing from Phoenix's list with DefectDojo's name for its report", async () => {
    const sink = createSink(config({ mode: 'translate' }), {
      outbound: local,
      sleep: recordingSleep().sleep,
    });
    const xml = join(dir, 'sslyze.xml');
    await writeFile(xml, '<?xml version="1.0"?><document SSLyzeVersion="2.0.6"></document>');
    const json = join(dir, 'checkov.json');
    await writeFile(json, '{"check_type": "terraform", "results": {"failed_checks": []}}');
    await sink.send(stream([finding()]), context({ reportPath: xml, scanner: 'sslyze' }));
    await sink.send(stream([finding()]), context({ reportPath: json, scanner: 'checkov' }));
    expect(fake.translates.map((t) => t.scanType)).toEqual(['Sslyze Scan', 'Checkov Scan']);
  });
});

describe('batchFindings and parseRetryAfter', () => {
  it('cuts batches by count and by bytes', async () => {
    const sizes = [3, 3, 3, 9, 1, 1, 1];
    const out: number[][] = [];
    for await (const b of batchFindings(stream(sizes), { maxItems: 3, maxBytes: 8, sizeOf: (n) => n }))
      out.push(b);
    expect(out).toEqual([[3, 3], [3], [9], [1, 1, 1]]);
  });

  it('reads seconds and HTTP dates', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('12', now)).toBe(12_000);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});
