import type { Finding, Severity, SeverityCounts } from '@scanrelay/findings-schema';
import type { findings } from '../schema/sqlite.js';
import type { CloseMissingInput, ExistingFinding, FindingBatch } from './finding-batches.js';
import type { Page, PageQuery } from './page.js';
import type { Stored } from './stored.js';

export const FINDING_STATUSES = ['open', 'fixed', 'false-positive', 'accepted-risk', 'duplicate'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

/**
 * A finding as stored: one per tenant, project and fingerprint, across every import. `id` is stable
 * across imports (the id given when first seen); `tool` is `finding.tool.name` lower-cased (the
 * scope `new` imports close), `scanner` the parser id; `occurrences` counts the last scan that saw
 * it; `finding` is the canonical finding as last imported (secrets already redacted), with `id` =
 * the stored id.
 */
export type StoredFinding = Stored<Omit<typeof findings.$inferSelect, 'contentHash' | 'data'>> & {
  finding: Finding;
};

export interface FindingQuery extends PageQuery {
  projectId?: string;
  /** Only the findings this scan saw. */
  scanId?: string;
  severity?: Severity | Severity[];
  status?: FindingStatus | FindingStatus[];
  /** Tool name (case-insensitive). */
  tool?: string;
}

/** Per severity, per status. */
export type FindingCounts = Record<FindingStatus, SeverityCounts> & { total: number };

export interface FindingRepository {
  get(tenantId: string, id: string): Promise<StoredFinding | undefined>;
  /** Ordered by id (creation order). */
  list(tenantId: string, query?: FindingQuery): Promise<Page<StoredFinding>>;
  counts(tenantId: string, query: { projectId?: string; scanId?: string }): Promise<FindingCounts>;
  /** Triage: false-positive, accepted-risk, duplicate, or back to open. */
  setStatus(tenantId: string, id: string, status: FindingStatus): Promise<StoredFinding | undefined>;

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
