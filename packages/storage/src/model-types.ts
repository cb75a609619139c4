import type {
  Finding,
  ScanKind,
  ScanStatus,
  Severity,
  SeverityCounts,
  Verdict,
} from '@scanrelay/findings-schema';

/**
 * The public shapes of `@scanrelay/storage`. Every repository is async and works the same over
 * SQLite and PostgreSQL. Every read of tenant data takes the tenant id: a row of another tenant is
 * never returned (callers answer 404). Timestamps are ISO 8601 strings in UTC; ids are UUIDs.
 */

export type Dialect = 'sqlite' | 'postgres';

/** A page of results; pass `nextCursor` back as `cursor` for the next page. Absent on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export interface PageQuery {
  /** Default 50, at most 1000. */
  limit?: number;
  /** Opaque, from the previous page's `nextCursor`. */
  cursor?: string;
}

// ---------------------------------------------------------------- tenants and API keys

export interface Tenant {
  id: string;
  name: string;
  createdAt: string;
}

export const API_KEY_SCOPES = ['upload', 'read', 'admin'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** An API key as stored: never the key itself, only its first characters and a sha256. */
export interface ApiKey {
  id: string;
  tenantId: string;
  name: string;
  /** The first 12 characters of the key (`sr_` + 9), to recognise it in lists. */
  prefix: string;
  scopes: ApiKeyScope[];
  createdAt: string;
  lastUsedAt?: string;
  revokedAt?: string;
}

export interface CreatedApiKey {
  apiKey: ApiKey;
  /** The plaintext key. Returned once, here; it cannot be read back. */
  key: string;
}

export interface Authenticated {
  tenant: Tenant;
  apiKey: ApiKey;
  scopes: ApiKeyScope[];
}

// ---------------------------------------------------------------- projects

export const PROJECT_KINDS = ['repository', 'website', 'image', 'skill'] as const;
export type ProjectKind = (typeof PROJECT_KINDS)[number];

export interface Project {
  id: string;
  tenantId: string;
  /** Unique per tenant. */
  name: string;
  kind: ProjectKind;
  repoUrl?: string;
  createdAt: string;
}

export interface ProjectInput {
  name: string;
  kind?: ProjectKind;
  repoUrl?: string;
}

// ---------------------------------------------------------------- scans

/** DESIGN.md's Scan, as stored: `project` is the project's name, `projectId` its id. */
export interface StoredScan {
  id: string;
  tenantId: string;
  projectId: string;
  project: string;
  provider: string;
  kind: ScanKind;
  status: ScanStatus;
  externalId?: string;
  commitSha?: string;
  target?: string;
  counts: SeverityCounts;
  verdict?: Verdict;
  score?: number;
  /** What the ingest of this scan reported (set by `@scanrelay/core`'s ingest). */
  ingest?: Record<string, unknown>;
  createdAt: string;
  startedAt?: string;
  completedAt?: string;
  updatedAt: string;
}

export interface ScanInput {
  /** Default: a new UUID. */
  id?: string;
  projectId: string;
  provider: string;
  kind: ScanKind;
  status?: ScanStatus;
  externalId?: string;
  commitSha?: string;
  target?: string;
  counts?: SeverityCounts;
  verdict?: Verdict;
  score?: number;
  startedAt?: string;
  completedAt?: string;
}

/** The fields a scan's lifecycle changes. `undefined` leaves a field as it is. */
export interface ScanPatch {
  status?: ScanStatus;
  externalId?: string;
  commitSha?: string;
  target?: string;
  counts?: SeverityCounts;
  verdict?: Verdict;
  score?: number;
  ingest?: Record<string, unknown>;
  startedAt?: string;
  completedAt?: string;
}

export interface ScanQuery extends PageQuery {
  projectId?: string;
  provider?: string;
  kind?: ScanKind;
  status?: ScanStatus | ScanStatus[];
}

// ---------------------------------------------------------------- findings

export const FINDING_STATUSES = ['open', 'fixed', 'false-positive', 'accepted-risk', 'duplicate'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

/** A finding as stored: one per tenant, project and fingerprint, across every import. */
export interface StoredFinding {
  /** Stable across imports (the id given when first seen). Equals `finding.id`. */
  id: string;
  tenantId: string;
  projectId: string;
  fingerprint: string;
  /** `finding.tool.name`, lower-cased: the scope `new` imports close. */
  tool: string;
  /** `finding.tool.id`, the parser id. */
  scanner: string;
  ruleId: string;
  severity: Severity;
  status: FindingStatus;
  /** Occurrences in the last scan that saw it. */
  occurrences: number;
  firstSeenAt: string;
  lastSeenAt: string;
  firstScanId: string;
  lastScanId: string;
  fixedAt?: string;
  /** The canonical finding as last imported (secrets already redacted), with `id` = the stored id. */
  finding: Finding;
}

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

/** What ingest needs to know about a finding that already exists (bulk lookup). */
export interface ExistingFinding {
  id: string;
  fingerprint: string;
  status: FindingStatus;
  contentHash: string;
  lastScanId: string;
  /** With `lastScanId`, tells a finding seen earlier in the same ingest run from an older run. */
  lastSeenAt: string;
  occurrences: number;
}

/** A new finding row for a bulk insert. */
export interface FindingInsert {
  id: string;
  fingerprint: string;
  tool: string;
  scanner: string;
  ruleId: string;
  severity: Severity;
  occurrences: number;
  contentHash: string;
  /** The canonical finding as JSON, without `id`. */
  data: string;
}

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

// ---------------------------------------------------------------- jobs and logs

export const JOB_STATUSES = ['queued', 'running', 'completed', 'failed', 'dead'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** The job record the API shows (the queue keeps its own delivery state). */
export interface JobRecord {
  id: string;
  tenantId: string;
  type: string;
  status: JobStatus;
  /** 0 to 100. */
  progress: number;
  /** Attempts started so far. */
  attempts: number;
  input?: unknown;
  result?: unknown;
  error?: string;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  updatedAt: string;
}

export interface JobInput {
  /** Default: a new UUID. Creating an existing id returns the existing job (idempotent). */
  id?: string;
  tenantId: string;
  type: string;
  input?: unknown;
}

export interface JobPatch {
  status?: JobStatus;
  progress?: number;
  result?: unknown;
  error?: string | null;
  /** Adds one to `attempts` (set when a worker starts the job). */
  incrementAttempts?: boolean;
}

export interface JobQuery extends PageQuery {
  type?: string;
  status?: JobStatus | JobStatus[];
}

export type JobLogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface JobLogLine {
  /** Increasing across all jobs; list after the last one seen to follow a log. */
  seq: number;
  jobId: string;
  level: JobLogLevel;
  message: string;
  at: string;
}

// ---------------------------------------------------------------- webhook deliveries

export type DeliveryOutcome = 'pending' | 'accepted' | 'rejected' | 'failed' | 'replayed';

export interface Delivery {
  id: string;
  source: string;
  receivedAt: string;
  outcome: DeliveryOutcome;
  /** Why it was rejected or failed; never secrets. */
  detail?: string;
  expiresAt?: string;
}

export interface DeliveryInput {
  id: string;
  source: string;
  outcome?: DeliveryOutcome;
  detail?: string;
  receivedAt?: string;
  /** When the record may be forgotten (past the replay tolerance). */
  expiresAt?: string;
}

// ---------------------------------------------------------------- summaries and blocklist

/** A cached summary (the seed's KV entries). `provider` absent: the per-project summary. */
export interface Summary<T = unknown> {
  tenantId: string;
  projectId: string;
  provider?: string;
  value: T;
  updatedAt: string;
  expiresAt: string;
}

export interface BlocklistEntry {
  id: string;
  tenantId: string;
  projectId: string;
  reason: string;
  severity: Severity;
  threatType: string;
  evidence?: unknown;
  discoveredBy: string;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface BlocklistInput {
  tenantId: string;
  projectId: string;
  reason: string;
  severity: Severity;
  threatType: string;
  evidence?: unknown;
  discoveredBy: string;
}
