import { isRecord } from './support/parse-with.js';

type Rec = Record<string, unknown>;

/**
 * The tool's own identity of a result: the first `fingerprints` entry (the latest version of it),
 * else every `partialFingerprints` entry as sorted `key:value` joined with `|`. Values wrapped as
 * `{"value": …}` are unwrapped.
 */
export function toolFingerprint(result: Rec): string | undefined {
  if (result.fingerprints === undefined) {
    const single = singlePartial(result.partialFingerprints);
    if (single !== undefined) return single;
    if (result.partialFingerprints === undefined) return undefined;
  }
  const full = latestVersions(result.fingerprints);
  if (full !== undefined) return full.values().next().value!.value;
  const partial = latestVersions(result.partialFingerprints);
  if (partial === undefined) return undefined;
  const keys = [...partial.keys()].sort();
  let out = '';
  for (const k of keys) out += `${out ? '|' : ''}${k}:${partial.get(k)!.value}`;
  return out;
}

/**
 * `key:value` for the most common `partialFingerprints`: one string entry whose key has no `/v<n>`
 * version (what the general path gives for it); undefined for anything else.
 */
function singlePartial(o: unknown): string | undefined {
  if (!isRecord(o)) return undefined;
  let out: string | undefined;
  for (const k in o) {
    const v = o[k];
    if (out !== undefined || typeof v !== 'string' || v === '' || k.includes('/v')) return undefined;
    out = `${k}:${v}`;
  }
  return out;
}

/** `{"method/v2": "x"}` → method → the value of its latest version; undefined when there is none. */
function latestVersions(o: unknown): Map<string, { version: number; value: string }> | undefined {
  if (!isRecord(o)) return undefined;
  let out: Map<string, { version: number; value: string }> | undefined;
  for (const k in o) {
    const raw = o[k];
    const value =
      typeof raw === 'string' ? raw : isRecord(raw) && typeof raw.value === 'string' ? raw.value : undefined;
    if (!value) continue;
    const m = k.includes('/v') ? /^(.*)\/v(\d+)$/.exec(k) : null;
    const method = m ? m[1]! : k;
    const version = m ? Number(m[2]) : 0;
    out ??= new Map();
    const seen = out.get(method);
    if (!seen || seen.version < version) out.set(method, { version, value });
  }
  return out;
}
