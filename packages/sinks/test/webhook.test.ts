import { generateSecret } from '@scanrelay/hmac-webhooks';
import { createFakeWebhookReceiver, type FakeWebhookReceiver } from '@scanrelay/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { createSink, destinationConfigSchema, type Sink, type SinkDeps } from '../src/index.js';
import { context, finding, recordingSleep, stream } from './phoenix-helpers.js';

const local = { allowPrivateUrls: true, allowHttp: true };
const NEW_SECRET = generateSecret();
const OLD_SECRET = generateSecret();
const receivers: FakeWebhookReceiver[] = [];

async function receiver(secrets: string[]) {
  const r = await createFakeWebhookReceiver({ secrets });
  receivers.push(r);
  return r;
}
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

function webhook(url: string, over: Record<string, unknown> = {}, deps: Partial<SinkDeps> = {}): Sink {
  const config = destinationConfigSchema.parse({
    kind: 'webhook',
    name: 'hook',
    url: `${url}/hooks/scanrelay`,
    secrets: [NEW_SECRET, OLD_SECRET],
    attempts: 4,
    ...over,
  });
  return createSink(config, { outbound: local, sleep: recordingSleep().sleep, ...deps });
}

const five = () => [
  finding({ severity: 'critical', ruleId: 'CVE-1' }),
  finding({ severity: 'high', ruleId: 'CVE-2' }),
  finding({ severity: 'high', ruleId: 'CVE-3' }),
  finding({ severity: 'low', ruleId: 'CVE-4' }),
  finding({ severity: 'info', ruleId: 'CVE-5' }),
];

describe('signed webhook sink', () => {
  it('delivers every batch and the summary signed with both secrets, verified by a receiver that knows either', async () => {
    const knowsNew = await receiver([NEW_SECRET]);
    const knowsOld = await receiver([OLD_SECRET]);
    for (const r of [knowsNew, knowsOld]) {
      const result = await webhook(r.url, { batchMaxFindings: 2 }).send(
        stream(five()),
        context({ importType: 'merge' }),
      );
      expect(result).toMatchObject({ kind: 'webhook', destination: 'hook', sent: 5, batches: 3 });
      expect(result.remoteIds).toEqual(r.deliveries.map((d) => d.id));
      expect(r.rejected).toEqual([]);
      expect(
        r.deliveries.map((d) => [
          d.payload.type,
          d.payload.data?.batch,
          d.payload.data?.count,
          d.signatureCount,
          d.path,
        ]),
      ).toEqual([
        ['findings.batch', 0, 2, 2, '/hooks/scanrelay'],
        ['findings.batch', 1, 2, 2, '/hooks/scanrelay'],
        ['findings.batch', 2, 1, 2, '/hooks/scanrelay'],
        ['findings.summary', undefined, undefined, 2, '/hooks/scanrelay'],
      ]);
      const batchRules = r.deliveries
        .slice(0, 3)
        .flatMap((d) => ((d.payload.data?.findings ?? []) as { ruleId: string }[]).map((f) => f.ruleId));
      expect(batchRules).toEqual(['CVE-1', 'CVE-2', 'CVE-3', 'CVE-4', 'CVE-5']);
      expect(r.deliveries[3]?.payload.data).toEqual({
        scanId: 'scan-1',
        tenantId: 't1',
        project: 'shop',
        scanner: 'trivy',
        importType: 'merge',
        batches: 3,
        total: 5,
        triaged: 0,
        counts: { critical: 1, high: 2, medium: 0, low: 1, info: 1 },
      });
    }
    expect(new Set(receivers.flatMap((r) => r.deliveries.map((d) => d.id))).size).toBe(4);
  });

  it('sends only a summary for a scan without findings', async () => {
    const r = await receiver([OLD_SECRET]);
    const result = await webhook(r.url).send(stream([]), context());
    expect(result).toMatchObject({ sent: 0, batches: 0 });
    expect(r.deliveries.map((d) => [d.payload.type, d.payload.data?.total])).toEqual([
      ['findings.summary', 0],
    ]);
  });

  it('retries 5xx and 429 with the same webhook-id, honouring Retry-After', async () => {
    const r = await receiver([NEW_SECRET]);
    const { sleep, waits } = recordingSleep();
    r.failNext(2, 503);
    r.failNext(1, 429, '7');
    const result = await webhook(r.url, {}, { sleep, random: () => 0.5 }).send(
      stream(five().slice(0, 2)),
      context(),
    );
    expect(result).toMatchObject({ sent: 2, batches: 1 });
    expect(waits).toEqual([250, 500, 7000]);
    expect(r.attempts).toHaveLength(5);
    expect(new Set(r.attempts.slice(0, 4)).size).toBe(1);
    expect(r.deliveries.map((d) => d.payload.type)).toEqual(['findings.batch', 'findings.summary']);
    expect(r.deliveries[0]?.id).toBe(r.attempts[0]);
  });

  it('keeps the webhook-ids when the whole forward is retried, so the receiver drops the repeats', async () => {
    const r = await receiver([NEW_SECRET]);
    const first = await webhook(r.url).send(stream(five()), context());
    const again = await webhook(r.url).send(stream(five()), context());
    expect(again.remoteIds).toEqual(first.remoteIds);
    expect(r.deliveries).toHaveLength(2);
    expect(r.duplicateCount()).toBe(2);
    const other = await webhook(r.url).send(stream(five()), context({ scanId: 'scan-2' }));
    expect(other.remoteIds).not.toEqual(first.remoteIds);
  });

  it('is refused by a receiver that knows none of its secrets, with no secret in the error or the logs', async () => {
    const r = await receiver([generateSecret()]);
    const lines: string[] = [];
    const log: SinkDeps['log'] = (level, message, fields) =>
      lines.push(`${level} ${message} ${JSON.stringify(fields)}`);
    r.failNext(1, 500);
    const keyed = { url: `${r.url}/hooks/scanrelay?key=url-key-5531` };
    const error = await webhook(r.url, keyed, { log })
      .send(stream(five()), context())
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SINK_AUTH', status: 401, destination: 'hook', retryable: false });
    expect(r.rejected.map((x) => x.reason)).toEqual(['signature_mismatch']);
    expect(r.deliveries).toEqual([]);
    const seen = [String(error), JSON.stringify(error), (error as Error).stack ?? '', ...lines].join('\n');
    expect(lines).toHaveLength(1);
    for (const s of [NEW_SECRET, OLD_SECRET, NEW_SECRET.slice('whsec_'.length), 'url-key-5531'])
      expect(seen).not.toContain(s);
    expect(seen).toContain('POST /hooks/scanrelay');
  });

  it('signs with a plain (non-whsec) secret as its UTF-8 bytes', async () => {
    const r = await receiver(['plain secret with spaces!']);
    const result = await webhook(r.url, { secrets: ['plain secret with spaces!'] }).send(
      stream(five()),
      context(),
    );
    expect(result.sent).toBe(5);
    expect(r.deliveries).toHaveLength(2);
  });
});
