import type { Severity } from '@scanrelay/findings-schema';
import type { FindingSearchColumns } from '../finding-search-columns.js';
import type { findingSeen, findings } from '../schema/sqlite.js';
import type { FindingStatus } from './findings.js';

/** Where a finding was last seen: its `finding_seen` row, as reads and ingest see it. */
export type FindingSeenMarks = Pick<
  typeof findingSeen.$inferSelect,
  'occurrences' | 'lastSeenAt' | 'lastScanId'
>;

/** A finding's row with where it was last seen. */
type FindingRow = typeof findings.$inferSelect & FindingSeenMarks;

/**
 * What ingest needs to know about a finding that already exists (bulk lookup). With `lastScanId`,
 * `lastSeenAt` tells a finding seen earlier in the same ingest run from an older run.
 */
export type ExistingFinding = Pick<
  FindingRow,
  'id' | 'fingerprint' | 'status' | 'contentHash' | 'lastScanId' | 'lastSeenAt' | 'occurrences'
>;

/**
 * A new finding row for a bulk insert; `data` is the canonical finding as JSON, without `id`. The
 * search columns (`findingSearchColumns`) are read from `data` when absent.
 */
export type FindingInsert = Pick<
  FindingRow,
  'id' | 'fingerprint' | 'tool' | 'scanner' | 'ruleId' | 'severity' | 'occurrences' | 'contentHash'
> & { data: string } & Partial<FindingSearchColumns>;

/**
 * A write to an existing finding for a bulk update. Without `change` only its last-seen time, last
 * scan and occurrences are touched (an unchanged finding).
 */
export interface FindingUpdate {
  id: string;
  occurrences: number;
  change?: {
    status: FindingStatus;
    /** Reopened: clears the fixed date. */
    reopen: boolean;
    severity: Severity;
    contentHash: string;
    /** Absent when the content did not change: the stored JSON stays. */
    data?: string;
    /** The search columns of the new `data` (`findingSearchColumns`); read from `data` when absent. */
    search?: FindingSearchColumns;
  };
}

/**
 * One ingest batch, written in the caller's transaction. Each finding appears once (merge duplicates
 * first); every one is linked to the scan with its occurrences.
 */
export interface FindingBatch {
  tenantId: string;
  projectId: string;
  scanId: string;
  /** ISO time of the scan: first/last seen. */
  seenAt: string;
  inserts: FindingInsert[];
  /** Every finding of the batch that exists already (changed or not). */
  updates: FindingUpdate[];
}

export interface CloseMissingInput {
  tenantId: string;
  projectId: string;
  scanId: string;
  /** The run's `seenAt`: a finding this run saw has `lastScanId = scanId` and `lastSeenAt = at`. */
  at: string;
  /** Close open findings of these tool names (lower-cased)… */
  tools: string[];
  /** …or, when `tools` is empty, of this parser id (an empty report of a known scanner). */
  scanner?: string;
}
