import {
  type ImportType,
  type SecureCodeBoxFinding,
  type TriagedFinding,
  toSecureCodeBoxFinding,
} from '@scanrelay/findings-schema';
import { z } from 'zod';
import { batchFindings } from '../batch-findings.js';
import type { SinkDeps } from '../create-sink.js';
import type { SecureCodeBoxDestination } from '../destination-config.js';
import { endpointOf, sinkHttpFor } from '../http/sink-http-for.js';
import type { Sink, SinkContext, SinkResult } from '../sink.js';

/** Bytes of one POST at most (scanrelay's own `/v1/findings` takes 10 MiB by default). */
const MAX_BATCH_BYTES = 8 * 1024 * 1024;

/** What scanrelay's `/v1/findings` answers; other secureCodeBox-style endpoints may answer anything. */
const answerSchema = z.object({ scanId: z.string().min(1) });

interface Converted {
  finding: SecureCodeBoxFinding;
  bytes: number;
}

async function* converted(
  findings: AsyncIterable<TriagedFinding>,
  context: SinkContext,
  parsedAt: string,
): AsyncGenerator<Converted> {
  const scan = { name: `scanrelay-${context.scanId}`, scanType: context.scanner, parsedAt };
  for await (const f of findings) {
    const finding = toSecureCodeBoxFinding(f, scan);
    yield { finding, bytes: Buffer.byteLength(JSON.stringify(finding)) + 1 };
  }
}

/**
 * The import mode of batch `index`: the first carries the upload's; later ones never close what earlier
 * batches of the same forward brought (`merge`, or `delta` for a delta import).
 */
function batchImportType(importType: ImportType, index: number): ImportType {
  if (index === 0) return importType;
  return importType === 'delta' ? 'delta' : 'merge';
}

function remoteScanId(text: string): string | undefined {
  try {
    const parsed = answerSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data.scanId : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The secureCodeBox sink: POSTs the findings as bare secureCodeBox findings arrays (what the results
 * workflow's `curl -d @findings.json …/v1/findings` sends) in batches, naming the scan in the query
 * (`project`, `scan_id`, `provider=scanrelay`, `kind=upload`, `import_type`), with a bearer token.
 */
export function createSecureCodeBoxSink(config: SecureCodeBoxDestination, deps: SinkDeps): Sink {
  const endpoint = endpointOf(config.url);
  const http = sinkHttpFor(config, deps, {
    baseUrl: endpoint.origin,
    secrets: config.token ? [config.token] : [],
    userAgent: 'scanrelay-sinks (securecodebox)',
  });
  const headers: Record<string, string> = config.token ? { authorization: `Bearer ${config.token}` } : {};

  return {
    name: config.name,
    kind: 'securecodebox',
    async send(findings, context): Promise<SinkResult> {
      const parsedAt = new Date(deps.now?.() ?? Date.now()).toISOString();
      const remoteIds: string[] = [];
      let sent = 0;
      let batches = 0;
      const stream = batchFindings(converted(findings, context, parsedAt), {
        maxItems: config.batchMaxFindings,
        maxBytes: MAX_BATCH_BYTES,
        sizeOf: (c) => c.bytes,
      });
      for await (const batch of stream) {
        const res = await http.request({
          method: 'POST',
          path: endpoint.path,
          query: {
            ...endpoint.query,
            project: context.project,
            scan_id: batches === 0 ? context.scanId : `${context.scanId}-part-${batches + 1}`,
            provider: 'scanrelay',
            kind: 'upload',
            import_type: batchImportType(context.importType, batches),
          },
          headers,
          json: batch.map((c) => c.finding),
          ...(context.signal ? { signal: context.signal } : {}),
        });
        const id = remoteScanId(res.text);
        if (id && !remoteIds.includes(id)) remoteIds.push(id);
        batches += 1;
        sent += batch.length;
      }
      deps.log?.(
        'info',
        `${config.name}: sent ${sent} findings as secureCodeBox findings in ${batches} requests`,
        {
          destination: config.name,
          sent,
          batches,
        },
      );
      return { destination: config.name, kind: 'securecodebox', sent, batches, remoteIds, warnings: [] };
    },
  };
}
