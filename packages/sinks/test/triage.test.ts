import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { secureCodeBoxFindingListSchema, type TriagedFinding } from '@scanrelay/findings-schema';
import { generateSecret } from '@scanrelay/hmac-webhooks';
import {
  createFakeDefectDojo,
  createFakePhoenix,
  createFakeWebhookReceiver,
  type FakeDefectDojo,
  type FakePhoenix,
  type FakeWebhookReceiver,
} from '@scanrelay/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { createSink, destinationConfigSchema, type Sink } from '../src/index.js';
import { CLIENT_ID, CLIENT_SECRET, context, finding, recordingSleep, stream } from './phoenix-helpers.js';

const local = { allowPrivateUrls: true, allowHttp: true };
const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

function sink(config: Record<string, unknown>): Sink {
  return createSink(destinationConfigSchema.parse({ attempts: 2, ...config }), {
    outbound: local,
    sleep: recordingSleep().sleep,
  });
}

const REASON_FP = 'openssl is linked statically with the vulnerable code compiled out';
const REASON_AR = 'only reachable from the internal admin network';
const UNTIL = '2027-06-30T23:59:59.999Z';

/** A false positive, an accepted risk and an open finding, as the store hands them to the sinks. */
function triaged(): TriagedFinding[] {
  return [
    {
      ...finding({ ruleId: 'CVE-2024-0001', severity: 'critical' }),
      triage: { status: 'false-positive', reason: REASON_FP, at: '2026-12-01T09:00:00.000Z' },
    },
    {
      ...finding({ ruleId: 'CVE-2024-0002', name: 'CVE-2024-0002 zlib' }),
      triage: { status: 'accepted-risk', reason: REASON_AR, acceptedUntil: UNTIL },
    },
    finding({ ruleId: 'CVE-2024-0003', name: 'CVE-2024-0003 curl', severity: 'medium' }),
  ];
}

describe('triage reaches every destination in its own terms', () => {
  it('Phoenix: triaged findings are sent, tagged scanrelay-status, the decision in details', async () => {
    const fake: FakePhoenix = await createFakePhoenix({ clients: { [CLIENT_ID]: CLIENT_SECRET } });
    closers.push(() => fake.close());
    const result = await sink({
      kind: 'phoenix',
      name: 'phx',
      apiUrl: fake.url,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
    }).send(stream(triaged()), context({ importType: 'merge' }));
    expect(result.sent).toBe(3);
    const sent = fake.imports.flatMap((i) => i.assets.flatMap((a) => a.findings));
    const byRule = Object.fromEntries(sent.map((f) => [(f.details as { ruleId: string }).ruleId, f]));
    expect(byRule['CVE-2024-0001']?.tags).toEqual([{ key: 'scanrelay-status', value: 'false-positive' }]);
    expect(byRule['CVE-2024-0001']?.details).toMatchObject({
      status: 'false-positive',
      triageReason: REASON_FP,
      triagedAt: '2026-12-01T09:00:00.000Z',
    });
    expect(byRule['CVE-2024-0002']?.tags).toEqual([{ key: 'scanrelay-status', value: 'accepted-risk' }]);
    expect(byRule['CVE-2024-0002']?.details).toMatchObject({
      status: 'accepted-risk',
      triageReason: REASON_AR,
      acceptedUntil: UNTIL,
    });
    expect(byRule['CVE-2024-0003']?.tags).toBeUndefined();
    expect(byRule['CVE-2024-0003']?.details).not.toHaveProperty('status');
  });

  it('Phoenix, translate mode: says that the original report cannot carry the status', async () => {
    const fake: FakePhoenix = await createFakePhoenix({
      clients: { [CLIENT_ID]: CLIENT_SECRET },
      translatePolls: 0,
    });
    closers.push(() => fake.close());
    const warnings: string[] = [];
    const result = await sink({
      kind: 'phoenix',
      name: 'phx',
      apiUrl: fake.url,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      mode: 'translate',
    }).send(
      stream(triaged()),
      context({
        reportPath: path.join(import.meta.dirname, 'triage.test.ts'),
        onWarning: (w) => warnings.push(w),
      }),
    );
    expect(result).toMatchObject({ sent: 3, batches: 1 });
    expect(fake.translates[0]?.scanType).toBe('Trivy Scan');
    expect(warnings).toContain(
      '2 triaged findings go in the original trivy report, which cannot carry it: Phoenix does not receive their status (false positive, accepted risk)',
    );
  });

  it('DefectDojo, generic import: false_p and risk_accepted, inactive; open findings untouched', async () => {
    const TOKEN = 'dojo-token-Tr1age9x';
    const fake: FakeDefectDojo = await createFakeDefectDojo({ token: TOKEN });
    closers.push(() => fake.close());
    const dojo = sink({
      kind: 'defectdojo',
      name: 'dojo',
      url: fake.url,
      token: TOKEN,
      productName: 'shop',
      engagementName: 'ci',
    });
    const result = await dojo.send(stream(triaged()), context({ firstImport: true }));
    expect(result.sent).toBe(3);
    const [fp, ar, open] = fake.imports[0]?.genericFindings ?? [];
    expect(fake.imports[0]?.fields.scan_type).toBe('Generic Findings Import');
    expect(fp).toMatchObject({ vuln_id_from_tool: 'CVE-2024-0001', false_p: true, active: false });
    expect(fp).not.toHaveProperty('risk_accepted');
    expect(ar).toMatchObject({ vuln_id_from_tool: 'CVE-2024-0002', risk_accepted: true, active: false });
    expect(ar).not.toHaveProperty('false_p');
    expect(open).not.toHaveProperty('active');
    expect(open).not.toHaveProperty('false_p');
  });

  it('DefectDojo, original report: says that the report cannot carry the status', async () => {
    const TOKEN = 'dojo-token-Tr1age9x';
    const fake: FakeDefectDojo = await createFakeDefectDojo({ token: TOKEN });
    closers.push(() => fake.close());
    const warnings: string[] = [];
    const dojo = sink({
      kind: 'defectdojo',
      name: 'dojo',
      url: fake.url,
      token: TOKEN,
      productName: 'shop',
      engagementName: 'ci',
    });
    // Trivy's scan type does not depend on the report's content; the fake records the bytes unparsed.
    const report = path.join(import.meta.dirname, 'triage.test.ts');
    await dojo.send(
      stream(triaged()),
      context({ firstImport: true, reportPath: report, onWarning: (w) => warnings.push(w) }),
    );
    expect(fake.imports[0]?.fields.scan_type).toBe('Trivy Scan');
    expect(warnings).toEqual([
      '2 triaged findings go in the original trivy report, which cannot carry it: DefectDojo does not receive their status (false positive, accepted risk)',
    ]);
  });

  it('secureCodeBox: attributes.falsePositive and attributes.scanrelay.triage, still valid findings', async () => {
    const bodies: unknown[] = [];
    const server: Server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        bodies.push(JSON.parse(Buffer.concat(chunks).toString()));
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"scanId":"s"}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise((resolve) => server.close(resolve)));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/findings`;
    await sink({ kind: 'securecodebox', name: 'scb', url }).send(stream(triaged()), context());
    const [fp, ar, open] = secureCodeBoxFindingListSchema.parse(bodies[0]);
    expect(fp?.attributes?.falsePositive).toBe(true);
    expect(fp?.attributes?.scanrelay).toMatchObject({
      triage: { status: 'false-positive', reason: REASON_FP, triaged_at: '2026-12-01T09:00:00.000Z' },
    });
    expect(ar?.attributes?.falsePositive).toBeUndefined();
    expect(ar?.attributes?.scanrelay).toMatchObject({
      triage: { status: 'accepted-risk', reason: REASON_AR, accepted_until: UNTIL },
    });
    expect(open?.attributes).not.toHaveProperty('falsePositive');
    expect(open?.attributes?.scanrelay).not.toHaveProperty('triage');
  });

  it('signed webhook: every finding has its status, the triaged ones their reason and expiry', async () => {
    const secret = generateSecret();
    const receiver: FakeWebhookReceiver = await createFakeWebhookReceiver({ secrets: [secret] });
    closers.push(() => receiver.close());
    await sink({ kind: 'webhook', name: 'hook', url: `${receiver.url}/hook`, secrets: [secret] }).send(
      stream(triaged()),
      context(),
    );
    const [batch, summary] = receiver.deliveries;
    const findings = batch?.payload.data?.findings as (TriagedFinding & { status: string })[];
    expect(findings.map((f) => [f.ruleId, f.status])).toEqual([
      ['CVE-2024-0001', 'false-positive'],
      ['CVE-2024-0002', 'accepted-risk'],
      ['CVE-2024-0003', 'open'],
    ]);
    expect(findings[0]?.triage).toEqual({
      status: 'false-positive',
      reason: REASON_FP,
      at: '2026-12-01T09:00:00.000Z',
    });
    expect(findings[1]?.triage).toEqual({ status: 'accepted-risk', reason: REASON_AR, acceptedUntil: UNTIL });
    expect(findings[2]).not.toHaveProperty('triage');
    expect(summary?.payload.data).toMatchObject({ total: 3, triaged: 2 });
  });
});
