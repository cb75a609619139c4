import { emptyCounts, forwardedStatus, type TriagedFinding } from '@scanrelay/findings-schema';
import { signDelivery } from '@scanrelay/hmac-webhooks';
import { batchFindings } from '../batch-findings.js';
import type { SinkDeps } from '../create-sink.js';
import type { WebhookDestination } from '../destination-config.js';
import { SinkError } from '../http/sink-error.js';
import { endpointOf, sinkHttpFor } from '../http/sink-http-for.js';
import type { Sink, SinkResult } from '../sink.js';
import { type WebhookEvent, type WebhookFinding, type WebhookScan, webhookId } from './webhook-event.js';
import { webhookKey } from './webhook-keys.js';

/** Bytes of findings per delivery at most. */
const MAX_BATCH_BYTES = 4 * 1024 * 1024;

/** Every finding with its status, `open` when not triaged. */
async function* withStatus(findings: AsyncIterable<TriagedFinding>): AsyncGenerator<WebhookFinding> {
  for await (const f of findings) yield { ...f, status: forwardedStatus(f) };
}

/**
 * The signed webhook sink: POSTs `findings.batch` events and a final `findings.summary` to the URL,
 * signed with Standard Webhooks (`webhook-id`, `webhook-timestamp`, and one `v1,<sig>` per configured
 * secret in `webhook-signature`, for rotation). Retries keep the `webhook-id`.
 */
export function createWebhookSink(config: WebhookDestination, deps: SinkDeps): Sink {
  const now = deps.now ?? Date.now;
  const endpoint = endpointOf(config.url);
  const http = sinkHttpFor(config, deps, {
    baseUrl: endpoint.origin,
    secrets: config.secrets,
    userAgent: 'scanrelay-sinks (webhook)',
  });
  const keys = config.secrets.map(webhookKey);

  function sign(body: string, id: string) {
    try {
      return signDelivery({ scheme: 'standard', secret: keys, body, id, timestamp: Math.floor(now() / 1000) })
        .headers;
    } catch {
      // The library names the problem; the secret itself is never repeated.
      throw new SinkError(
        'SINK_REJECTED',
        `${config.name}: a webhook secret is not usable: expected whsec_<base64> or a plain string`,
        { destination: config.name },
      );
    }
  }

  return {
    name: config.name,
    kind: 'webhook',
    async send(findings, context): Promise<SinkResult> {
      const scan: WebhookScan = {
        scanId: context.scanId,
        tenantId: context.tenantId,
        project: context.project,
        scanner: context.scanner,
        importType: context.importType,
      };
      const remoteIds: string[] = [];
      const deliver = async (event: WebhookEvent, key: string) => {
        const id = webhookId(config.name, context.scanId, key);
        const body = JSON.stringify(event);
        await http.request({
          method: 'POST',
          path: endpoint.path,
          query: endpoint.query,
          headers: sign(body, id),
          body: { data: body, contentType: 'application/json' },
          ...(context.signal ? { signal: context.signal } : {}),
        });
        remoteIds.push(id);
      };
      const counts = emptyCounts();
      let total = 0;
      let triaged = 0;
      let batches = 0;
      const stream = batchFindings(withStatus(findings), {
        maxItems: config.batchMaxFindings,
        maxBytes: MAX_BATCH_BYTES,
        sizeOf: (f) => JSON.stringify(f).length,
      });
      for await (const batch of stream) {
        const timestamp = new Date(now()).toISOString();
        await deliver(
          {
            type: 'findings.batch',
            timestamp,
            data: { ...scan, batch: batches, count: batch.length, findings: batch },
          },
          `batch-${batches}`,
        );
        for (const f of batch) {
          counts[f.severity] += 1;
          if (f.triage) triaged += 1;
        }
        total += batch.length;
        batches += 1;
      }
      const timestamp = new Date(now()).toISOString();
      await deliver(
        { type: 'findings.summary', timestamp, data: { ...scan, batches, total, triaged, counts } },
        'summary',
      );
      deps.log?.(
        'info',
        `${config.name}: delivered ${total} findings in ${batches} signed batches and a summary`,
        {
          destination: config.name,
          sent: total,
          batches,
        },
      );
      return { destination: config.name, kind: 'webhook', sent: total, batches, remoteIds, warnings: [] };
    },
  };
}
