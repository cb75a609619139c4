import type { ScanView } from '@scanrelay/api-schema';
import type { StoredScan } from '@scanrelay/storage';

/** A stored scan as the API shows it: no tenant id, in the scan or in its ingest report. */
export function scanView(scan: StoredScan): ScanView {
  const { tenantId: _t, ingest, ...rest } = scan;
  if (!ingest) return rest;
  const { tenantId: _it, ...ingestView } = ingest;
  return { ...rest, ingest: ingestView };
}
