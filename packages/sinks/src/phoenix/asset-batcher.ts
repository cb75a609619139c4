import type { PhoenixAssetType } from '../destination-config.js';

/** One asset of a batch: its attributes and its findings, each already serialised. */
export interface BatchAsset {
  attributesJson: string;
  findings: string[];
}

/** The assets of one import request, all of one asset type. */
export interface AssetBatch {
  assetType: PhoenixAssetType;
  assets: BatchAsset[];
  findings: number;
}

interface Pending {
  assets: Map<string, BatchAsset>;
  bytes: number;
  findings: number;
}

/** Room kept for the envelope around the assets (importType, assessment). */
const ENVELOPE_BYTES = 1024;
/** What an asset adds besides its attributes and findings (`{"attributes":…,"findings":[]}`). */
const ASSET_OVERHEAD = 32;

/**
 * Groups findings under their assets, one pending batch per asset type (an import names one asset
 * type), and hands back a batch as soon as the next finding would take it over `maxAssets` or
 * `maxBytes`. At most one batch per asset type is held.
 */
export function createAssetBatcher(limits: { maxAssets: number; maxBytes: number }) {
  const pending = new Map<PhoenixAssetType, Pending>();

  function take(type: PhoenixAssetType): AssetBatch | undefined {
    const p = pending.get(type);
    if (!p || p.findings === 0) return undefined;
    pending.delete(type);
    return { assetType: type, assets: [...p.assets.values()], findings: p.findings };
  }

  return {
    /** Adds one finding; returns the batch that had to be closed to make room, if any. */
    add(type: PhoenixAssetType, attributesJson: string, findingJson: string): AssetBatch | undefined {
      const size = Buffer.byteLength(findingJson) + 1;
      let p = pending.get(type);
      const isNewAsset = !p?.assets.has(attributesJson);
      const grows = size + (isNewAsset ? Buffer.byteLength(attributesJson) + ASSET_OVERHEAD : 0);
      let closed: AssetBatch | undefined;
      if (
        p &&
        p.findings > 0 &&
        ((isNewAsset && p.assets.size >= limits.maxAssets) ||
          ENVELOPE_BYTES + p.bytes + grows > limits.maxBytes)
      ) {
        closed = take(type);
        p = undefined;
      }
      if (!p) {
        p = { assets: new Map(), bytes: 0, findings: 0 };
        pending.set(type, p);
      }
      let asset = p.assets.get(attributesJson);
      if (!asset) {
        asset = { attributesJson, findings: [] };
        p.assets.set(attributesJson, asset);
        p.bytes += Buffer.byteLength(attributesJson) + ASSET_OVERHEAD;
      }
      asset.findings.push(findingJson);
      p.bytes += size;
      p.findings += 1;
      return closed;
    },
    /** Every batch still pending, emptied. */
    drain(): AssetBatch[] {
      return [...pending.keys()].map(take).filter((b): b is AssetBatch => b !== undefined);
    },
  };
}
