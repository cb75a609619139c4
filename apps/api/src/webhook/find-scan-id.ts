import { normalizeInvictiScanId as normalise } from '@scanrelay/core';

const KEYS = ['ScanId', 'scanId', 'scan_id', 'ScanTaskId', 'LatestScanId'] as const;

/**
 * Invicti's webhook body is user-configured (JSON, form or query string, with chosen key names), so it
 * is read only as a trigger: the scan id is looked for in the query (`scanId`, `scan_id`), then at
 * `ScanId`/`scanId`/`scan_id`, `Issue.LatestScanId`, `Target.ScanId` and `Scan.Id`, including inside
 * form fields that hold JSON. Returns the id normalised to lower-case with dashes, or undefined.
 */
export function findScanId(
  query: URLSearchParams,
  body: Uint8Array,
  contentType: string,
): string | undefined {
  for (const k of ['scanId', 'scan_id', 'ScanId']) {
    const v = normalise(query.get(k));
    if (v) return v;
  }
  const text = Buffer.from(body).toString('utf8').trim();
  if (text === '') return undefined;
  if (
    /application\/x-www-form-urlencoded/i.test(contentType) ||
    (!text.startsWith('{') && text.includes('='))
  ) {
    const form = new URLSearchParams(text);
    for (const k of KEYS) {
      const v = normalise(form.get(k));
      if (v) return v;
    }
    for (const value of form.values()) {
      const v = fromJsonText(value);
      if (v) return v;
    }
    return undefined;
  }
  return fromJsonText(text);
}

function fromJsonText(text: string): string | undefined {
  const t = text.trim();
  if (!t.startsWith('{') && !t.startsWith('[')) return undefined;
  try {
    return fromValue(JSON.parse(t));
  } catch {
    return undefined;
  }
}

function fromValue(value: unknown): string | undefined {
  if (Array.isArray(value)) return value.length > 0 ? fromValue(value[0]) : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  const o = value as Record<string, unknown>;
  for (const k of KEYS) {
    const v = normalise(o[k]);
    if (v) return v;
  }
  for (const nested of ['Issue', 'issue', 'Target', 'target', 'Scan', 'scan', 'data']) {
    const inner = o[nested];
    if (typeof inner === 'object' && inner !== null) {
      const n = inner as Record<string, unknown>;
      const v = fromValue(n) ?? normalise(n.Id) ?? normalise(n.id);
      if (v) return v;
    }
  }
  return undefined;
}
