import type { ImportType } from '@scanrelay/findings-schema';
import { z } from 'zod';
import { SinkError } from '../http/sink-error.js';
import type { AssetBatch, BatchAsset } from './asset-batcher.js';
import type { PhoenixRequest } from './phoenix-request.js';

const importAnswerSchema = z.object({ id: z.union([z.string(), z.number()]).optional() }).loose();

export interface ImportState {
  destination: string;
  assessmentName: string;
  importType: ImportType;
  /** Asset types already imported in this send: their later requests go as `delta`. */
  typesSent: Set<string>;
  remoteIds: string[];
  batches: number;
  sent: number;
  signal?: AbortSignal;
}

function bodyOf(batch: AssetBatch, importType: ImportType, assessmentName: string): string {
  const assets = batch.assets.map(
    (a) => `{"attributes":${a.attributesJson},"findings":[${a.findings.join(',')}]}`,
  );
  const assessment = JSON.stringify({ assetType: batch.assetType, name: assessmentName });
  return `{"importType":"${importType}","assessment":${assessment},"assets":[${assets.join(',')}]}`;
}

/** Halves a batch: by assets, or by the findings of its only asset; undefined when it is one finding. */
function split(batch: AssetBatch): [AssetBatch, AssetBatch] | undefined {
  const half = (assets: BatchAsset[]): AssetBatch => ({
    assetType: batch.assetType,
    assets,
    findings: assets.reduce((n, a) => n + a.findings.length, 0),
  });
  if (batch.assets.length > 1) {
    const mid = Math.ceil(batch.assets.length / 2);
    return [half(batch.assets.slice(0, mid)), half(batch.assets.slice(mid))];
  }
  const only = batch.assets[0];
  if (!only || only.findings.length < 2) return undefined;
  const mid = Math.ceil(only.findings.length / 2);
  return [
    half([{ attributesJson: only.attributesJson, findings: only.findings.slice(0, mid) }]),
    half([{ attributesJson: only.attributesJson, findings: only.findings.slice(mid) }]),
  ];
}

/**
 * `POST /v1/import/assets` for one batch. The first request of each asset type carries the upload's
 * import type; later ones go as `delta` so that they add to the first instead of replacing it.
 * A 413 halves the batch and sends both halves.
 */
export async function sendAssetBatch(
  post: PhoenixRequest,
  batch: AssetBatch,
  state: ImportState,
): Promise<void> {
  const importType = state.typesSent.has(batch.assetType) ? 'delta' : state.importType;
  const res = await post({
    method: 'POST',
    path: '/v1/import/assets',
    body: { data: bodyOf(batch, importType, state.assessmentName), contentType: 'application/json' },
    passStatuses: [413],
    ...(state.signal ? { signal: state.signal } : {}),
  });
  if (res.status === 413) {
    const halves = split(batch);
    if (!halves) {
      throw new SinkError(
        'SINK_TOO_LARGE',
        `${state.destination}: Phoenix refused a single finding as too large (413)`,
        {
          destination: state.destination,
          status: 413,
          request: 'POST /v1/import/assets',
        },
      );
    }
    for (const half of halves) await sendAssetBatch(post, half, state);
    return;
  }
  state.typesSent.add(batch.assetType);
  state.batches += 1;
  state.sent += batch.findings;
  if (res.text.trim() === '') return;
  const parsed = importAnswerSchema.safeParse(safeJson(res.text));
  if (parsed.success && parsed.data.id !== undefined) state.remoteIds.push(String(parsed.data.id));
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
