import type { TriagedFinding } from '@scanrelay/findings-schema';
import { countFindings, triageNotCarried } from '../count-findings.js';
import type { SinkDeps } from '../create-sink.js';
import {
  type PhoenixAssetType,
  type PhoenixDestination,
  phoenixAssetTypeSchema,
} from '../destination-config.js';
import { defaultSleep } from '../http/create-sink-http.js';
import { SinkError } from '../http/sink-error.js';
import { sinkHttpFor } from '../http/sink-http-for.js';
import type { Sink, SinkContext, SinkResult } from '../sink.js';
import { createAssetBatcher } from './asset-batcher.js';
import { phoenixAssetOf } from './phoenix-asset.js';
import { toPhoenixFinding } from './phoenix-finding.js';
import { createPhoenixRequest, type PhoenixRequest } from './phoenix-request.js';
import { phoenixScanType } from './phoenix-scan-types.js';
import { createPhoenixTokens } from './phoenix-token.js';
import { type ImportState, sendAssetBatch } from './send-asset-batch.js';
import { translateImport } from './translate-import.js';

function assetTypeOverride(config: PhoenixDestination, context: SinkContext): PhoenixAssetType | undefined {
  if (context.assetType === undefined) return config.assetType;
  const parsed = phoenixAssetTypeSchema.safeParse(context.assetType.trim().toUpperCase());
  if (parsed.success) return parsed.data;
  throw new SinkError(
    'SINK_REJECTED',
    `${config.name}: asset type "${context.assetType.slice(0, 40)}" is not one of Phoenix's (${phoenixAssetTypeSchema.options.join(', ')})`,
    { destination: config.name },
  );
}

async function sendJson(
  post: PhoenixRequest,
  findings: AsyncIterable<TriagedFinding>,
  context: SinkContext,
  config: PhoenixDestination,
  state: ImportState,
): Promise<void> {
  const override = assetTypeOverride(config, context);
  if (override === 'CLOUD') {
    throw new SinkError(
      'SINK_REJECTED',
      `${config.name}: CLOUD assets need a provider account that findings do not carry; use mode "translate" or another asset type`,
      { destination: config.name },
    );
  }
  const batcher = createAssetBatcher({ maxAssets: config.batchMaxAssets, maxBytes: config.batchMaxBytes });
  for await (const finding of findings) {
    const asset = phoenixAssetOf(finding, context.project, override);
    const full = batcher.add(
      asset.assetType,
      JSON.stringify(asset.attributes),
      JSON.stringify(toPhoenixFinding(finding)),
    );
    if (full) await sendAssetBatch(post, full, state);
  }
  for (const batch of batcher.drain()) await sendAssetBatch(post, batch, state);
}

/**
 * The Phoenix Security sink. `json` mode maps the findings and imports them with
 * `POST /v1/import/assets` in batches bounded by asset count and bytes; `translate` mode sends the
 * original report for Phoenix to parse and waits for its import.
 */
export function createPhoenixSink(config: PhoenixDestination, deps: SinkDeps): Sink {
  const now = deps.now ?? Date.now;
  const http = sinkHttpFor(config, deps, {
    baseUrl: config.apiUrl,
    secrets: [config.clientSecret],
    userAgent: 'scanrelay-sinks (phoenix)',
  });
  const tokens = createPhoenixTokens(http, {
    destination: config.name,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    now,
  });
  const post = createPhoenixRequest(http, tokens, config.name, deps.log);

  return {
    name: config.name,
    kind: 'phoenix',
    async send(findings, context): Promise<SinkResult> {
      const warnings: string[] = [];
      const warn = (message: string) => {
        warnings.push(message);
        context.onWarning?.(message);
      };
      const state: ImportState = {
        destination: config.name,
        assessmentName: config.assessmentName ?? context.assessmentName ?? context.project,
        importType: context.importType,
        typesSent: new Set(),
        remoteIds: [],
        batches: 0,
        sent: 0,
        ...(context.signal ? { signal: context.signal } : {}),
      };
      if (config.mode === 'translate') {
        const scanType = config.scanType ?? (await phoenixScanType(context, config.name));
        if (!scanType)
          throw new SinkError(
            'SINK_REJECTED',
            `${config.name}: Phoenix has no known scanner label for "${context.scanner}"; set the destination's scanType`,
            { destination: config.name },
          );
        if (!context.reportPath)
          throw new SinkError(
            'SINK_REJECTED',
            `${config.name}: translate mode sends the original report, and this scan has none stored`,
            { destination: config.name },
          );
        const id = await translateImport(post, {
          destination: config.name,
          reportPath: context.reportPath,
          scanType,
          assessmentName: state.assessmentName,
          importType: context.importType,
          pollIntervalMs: config.translatePollIntervalMs,
          timeoutMs: config.translateTimeoutMs,
          sleep: deps.sleep ?? defaultSleep,
          onWarning: warn,
          redact: http.redact,
          ...(context.signal ? { signal: context.signal } : {}),
        });
        const { count, triaged } = await countFindings(findings);
        if (triaged > 0) warn(triageNotCarried(triaged, context.scanner, 'Phoenix'));
        return {
          destination: config.name,
          kind: 'phoenix',
          sent: count,
          batches: 1,
          remoteIds: [id],
          warnings,
        };
      }
      await sendJson(post, findings, context, config, state);
      const types = state.typesSent.size;
      if (state.batches > types && context.importType !== 'delta') {
        warn(
          `${state.batches} import requests: the first of each asset type went as "${context.importType}", the rest as "delta"`,
        );
      }
      deps.log?.(
        'info',
        `${config.name}: sent ${state.sent} findings to Phoenix in ${state.batches} requests`,
        { destination: config.name, sent: state.sent, batches: state.batches },
      );
      return {
        destination: config.name,
        kind: 'phoenix',
        sent: state.sent,
        batches: state.batches,
        remoteIds: state.remoteIds,
        warnings,
      };
    },
  };
}
