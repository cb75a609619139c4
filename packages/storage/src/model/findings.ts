import type {
  Finding,
  FindingLocationKind,
  FindingSort,
  FindingStatus,
  Severity,
  SeverityCounts,
  TriageStatus,
} from '@scanrelay/findings-schema';
import type { findings } from '../schema/sqlite.js';
import type {
  CloseMissingInput,
  ExistingFinding,
  FindingBatch,
  FindingSeenMarks,
} from './finding-batches.js';
import type { Page, PageQuery } from './page.js';
import type { Stored } from './stored.js';

// The statuses, location kinds and sorts are `@scanrelay/findings-schema`'s, shared with the API's schemas.
export {
  FINDING_LOCATION_KINDS,
  FINDING_SEARCH_MAX,
  FINDING_SORTS,
  FINDING_STATUSES,
  type FindingLocationKind,
  type FindingSort,
  type FindingStatus,
  TRIAGE_STATUSES,
  type TriageStatus,
} from '@scanrelay/findings-schema';

/** One triage decision. */
export interface TriageChange {
  status: TriageStatus;
  /** Why; core requires it for false-positive and accepted-risk (not checked here). */
  reason?: string;
  /** Who: e.g. `key:<prefix>` or `scanrelay`. */
  actor: string;
  /** When (ISO). */
  at: string;
  /** ISO date-time the acceptance expires; only with `accepted-risk` (ignored otherwise). */
  acceptedUntil?: string;
}

/** One status change of a finding, as kept in its history. */
export interface FindingHistoryEntry {
  id: string;
  findingId: string;
  at: string;
  actor: string;
  from: FindingStatus;
  to: FindingStatus;
  reason?: string;
  acceptedUntil?: string;
}

/**
 * A finding as stored: one per tenant, project and fingerprint, across every import. `id` is stable
 * across imports (the id given when first seen); `tool` is `finding.tool.name` lower-cased (the
 * scope `new` imports close), `scanner` the parser id; `occurrences` counts the last scan that saw
 * it; `finding` is the canonical finding as last imported (secrets already redacted), with `id` =
 * the stored id.
 */
export type StoredFinding = Stored<
  Omit<typeof findings.$inferSelect, HiddenFindingColumn> & FindingSeenMarks
> & {
  finding: Finding;
};

/** Columns the store keeps for itself: the content hash, the JSON, and the search copies of it. */
export type HiddenFindingColumn =
  | 'contentHash'
  | 'data'
  | 'title'
  | 'locationKind'
  | 'locator'
  | 'severityRank';

export interface FindingQuery extends PageQuery {
  projectId?: string;
  /** Only the findings this scan saw. */
  scanId?: string;
  severity?: Severity | Severity[];
  status?: FindingStatus | FindingStatus[];
  /** Tool name (case-insensitive). */
  tool?: string;
  /** Kind of `finding.location`. */
  kind?: FindingLocationKind;
  /**
   * Case-insensitive substring of the title (finding name), rule id or locator (file, package name,
   * URL or host); at most `FINDING_SEARCH_MAX` characters.
   */
  q?: string;
  /** Default `id` (creation order). */
  sort?: FindingSort;
  /** Default `asc`; `severity` `desc` lists critical first. */
  order?: 'asc' | 'desc';
}

/** Per severity, per status. */
export type FindingCounts = Record<FindingStatus, SeverityCounts> & { total: number };

export interface FindingRepository {
  get(tenantId: string, id: string): Promise<StoredFinding | undefined>;
  /** Ordered by `query.sort` (default id, i.e. creation order), then id; cursor paging under each. */
  list(tenantId: string, query?: FindingQuery): Promise<Page<StoredFinding>>;
  counts(tenantId: string, query: { projectId?: string; scanId?: string }): Promise<FindingCounts>;
  /**
   * Triage one finding in one transaction: sets status, reason, by, at and acceptedUntil (`open`
   * clears them) and appends a history row. Undefined for an unknown id or another tenant's.
   */
  triage(tenantId: string, id: string, change: TriageChange): Promise<StoredFinding | undefined>;
  /**
   * Triage every finding `query` matches (same filters as `list`; paging ignored) whose status differs
   * from `change.status` and is not `fixed` or `duplicate`. Throws `InvalidQueryError` (parameter
   * `max`) and changes nothing when more than `max` match.
   */
  triageWhere(
    tenantId: string,
    query: FindingQuery,
    change: TriageChange,
    max: number,
  ): Promise<{ changed: number; ids: string[] }>;
  /** The status changes of a finding, oldest first (empty for an unknown id or another tenant's). */
  history(tenantId: string, id: string): Promise<FindingHistoryEntry[]>;
  /**
   * Reopens accepted-risk findings whose `acceptedUntil` is at or before `at` (history actor
   * `scanrelay`, reason `risk acceptance expired on <acceptedUntil>`); returns how many.
   */
  reopenExpired(tenantId: string, at: string, projectId?: string): Promise<number>;
  /** Fingerprints of the project's false-positive and unexpired (at `at`) accepted-risk findings. */
  triagedFingerprints(tenantId: string, projectId: string, at: string): Promise<Map<string, TriageStatus>>;
  /** Mean of `fixedAt - firstSeenAt` over fixed findings (undefined when none). */
  fixTimes(tenantId: string, projectId?: string): Promise<{ fixed: number; meanMs: number | undefined }>;

  /** Whether the project has any finding, whatever its status (one index probe). */
  hasFindings(tenantId: string, projectId: string): Promise<boolean>;

  // The bulk paths `@scanrelay/core`'s ingest uses, inside `store.transaction`.
  /** Serialises ingests of one project (PostgreSQL advisory lock; SQLite's write lock already does). */
  lockProject(projectId: string): Promise<void>;
  lookup(
    tenantId: string,
    projectId: string,
    fingerprints: readonly string[],
  ): Promise<Map<string, ExistingFinding>>;
  writeBatch(batch: FindingBatch): Promise<void>;
  /** Marks open findings in scope that this scan did not see as fixed; returns them per severity. */
  closeMissing(input: CloseMissingInput): Promise<SeverityCounts>;
  /** The latest `lastSeenAt` of the project's findings last seen by this scan (ISO), if any. */
  lastSeenInScan(tenantId: string, projectId: string, scanId: string): Promise<string | undefined>;
}
