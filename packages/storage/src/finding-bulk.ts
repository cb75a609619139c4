import type { Finding } from '@scanrelay/findings-schema';
import { type FindingSearchColumns, findingSearchColumns } from './finding-search-columns.js';
import type { ExistingFinding, FindingInsert, FindingRepository, FindingUpdate } from './types.js';

/** The dialect-specific bulk paths of the findings repository (see `FindingRepository`). */
export type FindingBulk = Pick<FindingRepository, 'lockProject' | 'lookup' | 'writeBatch' | 'closeMissing'>;

/** A row of the existing-findings lookup, as both dialects select it. */
export interface LookupRow {
  id: string;
  fingerprint: string;
  status: ExistingFinding['status'];
  content_hash: string;
  last_scan_id: string;
  last_seen_at: string;
  occurrences: number;
}

/** Lookup rows keyed by fingerprint, in the shape ingest reads. */
export function toExistingFindings(rows: readonly LookupRow[]): Map<string, ExistingFinding> {
  const found = new Map<string, ExistingFinding>();
  for (const r of rows) {
    found.set(r.fingerprint, {
      id: r.id,
      fingerprint: r.fingerprint,
      status: r.status,
      contentHash: r.content_hash,
      lastScanId: r.last_scan_id,
      lastSeenAt: r.last_seen_at,
      occurrences: r.occurrences,
    });
  }
  return found;
}

/** The search columns of a new row: as ingest passed them, or read from its JSON. */
export function insertSearch(f: FindingInsert): FindingSearchColumns {
  if (f.title !== undefined)
    return { title: f.title, locationKind: f.locationKind ?? null, locator: f.locator ?? null };
  return findingSearchColumns(JSON.parse(f.data) as Finding);
}

/** The search columns of a changed row's new JSON; undefined when the JSON stays. */
export function changeSearch(c: NonNullable<FindingUpdate['change']>): FindingSearchColumns | undefined {
  if (c.data === undefined) return undefined;
  return c.search ?? findingSearchColumns(JSON.parse(c.data) as Finding);
}
