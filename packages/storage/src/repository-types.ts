import type { SeverityCounts } from '@scanrelay/findings-schema';
import type {
  ApiKey,
  ApiKeyScope,
  Authenticated,
  BlocklistEntry,
  BlocklistInput,
  CloseMissingInput,
  CreatedApiKey,
  Delivery,
  DeliveryInput,
  DeliveryOutcome,
  Dialect,
  ExistingFinding,
  FindingBatch,
  FindingCounts,
  FindingQuery,
  FindingStatus,
  JobInput,
  JobLogLevel,
  JobLogLine,
  JobPatch,
  JobQuery,
  JobRecord,
  Page,
  PageQuery,
  Project,
  ProjectInput,
  ScanInput,
  ScanPatch,
  ScanQuery,
  StoredFinding,
  StoredScan,
  Summary,
  Tenant,
} from './model-types.js';

/** The repositories over both databases and the `Store` that holds them (see `model-types.ts`). */
export interface TenantRepository {
  create(input: { name: string; id?: string }): Promise<Tenant>;
  get(id: string): Promise<Tenant | undefined>;
  getByName(name: string): Promise<Tenant | undefined>;
  /** The tenant of this name, created when absent. */
  getOrCreate(name: string): Promise<Tenant>;
  list(): Promise<Tenant[]>;
}

export interface ApiKeyRepository {
  create(tenantId: string, input: { name: string; scopes: ApiKeyScope[] }): Promise<CreatedApiKey>;
  /** The tenant and scopes of a key; undefined for an unknown, malformed or revoked key. */
  authenticate(key: string): Promise<Authenticated | undefined>;
  list(tenantId: string): Promise<ApiKey[]>;
  revoke(tenantId: string, id: string): Promise<boolean>;
}

export interface ProjectRepository {
  getOrCreate(tenantId: string, input: ProjectInput): Promise<Project>;
  get(tenantId: string, id: string): Promise<Project | undefined>;
  getByName(tenantId: string, name: string): Promise<Project | undefined>;
  list(tenantId: string, query?: PageQuery): Promise<Page<Project>>;
}

export interface ScanRepository {
  create(tenantId: string, input: ScanInput): Promise<StoredScan>;
  get(tenantId: string, id: string): Promise<StoredScan | undefined>;
  getByExternalId(tenantId: string, provider: string, externalId: string): Promise<StoredScan | undefined>;
  /** Newest first. */
  list(tenantId: string, query?: ScanQuery): Promise<Page<StoredScan>>;
  /** Undefined when the scan is not this tenant's. */
  update(tenantId: string, id: string, patch: ScanPatch): Promise<StoredScan | undefined>;
  /**
   * The one scan per project and provider that external SAST results keep (created, or replaced in
   * place keeping its id: its counts and links to findings are reset, ready for a new ingest).
   */
  upsertForProvider(tenantId: string, input: ScanInput): Promise<StoredScan>;
  /** The newest scan of a project and provider. */
  latestForProvider(tenantId: string, projectId: string, provider: string): Promise<StoredScan | undefined>;
}

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

export interface JobRepository {
  create(input: JobInput): Promise<JobRecord>;
  get(tenantId: string, id: string): Promise<JobRecord | undefined>;
  /** For workers, which get the id from the queue. */
  getById(id: string): Promise<JobRecord | undefined>;
  list(tenantId: string, query?: JobQuery): Promise<Page<JobRecord>>;
  /** For workers. Undefined for an unknown id. Sets started/finished times from the status. */
  update(id: string, patch: JobPatch): Promise<JobRecord | undefined>;
}

export interface JobLogRepository {
  append(jobId: string, message: string, level?: JobLogLevel): Promise<JobLogLine>;
  /** Lines of a job of this tenant with `seq` greater than `afterSeq` (default 0), oldest first. */
  list(tenantId: string, jobId: string, opts?: { afterSeq?: number; limit?: number }): Promise<JobLogLine[]>;
}

export interface DeliveryRepository {
  /** Records a delivery once: `isNew` false when this id of this source was already recorded. */
  record(input: DeliveryInput): Promise<{ isNew: boolean; delivery: Delivery }>;
  get(source: string, id: string): Promise<Delivery | undefined>;
  setOutcome(source: string, id: string, outcome: DeliveryOutcome, detail?: string): Promise<boolean>;
  /** Forgets a delivery (so the sender's retry is accepted after the handler failed). */
  forget(source: string, id: string): Promise<boolean>;
  list(query?: PageQuery & { source?: string }): Promise<Page<Delivery>>;
  /** Deletes records whose `expiresAt` is past; returns how many. */
  purgeExpired(now?: Date): Promise<number>;
}

export interface SummaryRepository {
  /** `ttlMs` default 365 days. */
  put<T>(
    key: { tenantId: string; projectId: string; provider?: string },
    value: T,
    ttlMs?: number,
  ): Promise<Summary<T>>;
  /** Undefined when absent or expired. */
  get<T>(key: { tenantId: string; projectId: string; provider?: string }): Promise<Summary<T> | undefined>;
  /** Unexpired per-provider summaries of a project. */
  listForProject<T>(tenantId: string, projectId: string): Promise<Summary<T>[]>;
  purgeExpired(now?: Date): Promise<number>;
}

export interface BlocklistRepository {
  /**
   * One active entry per project and threat type: a new entry is created, an existing one is
   * escalated (severity only ever goes up; reason/evidence follow the higher severity).
   */
  upsert(input: BlocklistInput): Promise<BlocklistEntry>;
  /** Active entries of a tenant, or of one project. */
  listActive(tenantId: string, projectId?: string): Promise<BlocklistEntry[]>;
  isBlocked(tenantId: string, projectId: string): Promise<boolean>;
  deactivate(tenantId: string, id: string): Promise<boolean>;
}

export interface MigrationResult {
  /** Versions applied by this call, in order (empty when up to date). */
  applied: string[];
  /** Every applied version after this call. */
  current: string[];
}

/** One API over SQLite and PostgreSQL. Create with `createStore(url)`. */
export interface Store {
  readonly dialect: Dialect;
  /** The URL with any password redacted. */
  readonly url: string;
  readonly tenants: TenantRepository;
  readonly apiKeys: ApiKeyRepository;
  readonly projects: ProjectRepository;
  readonly scans: ScanRepository;
  readonly findings: FindingRepository;
  readonly jobs: JobRepository;
  readonly jobLogs: JobLogRepository;
  readonly deliveries: DeliveryRepository;
  readonly summaries: SummaryRepository;
  readonly blocklist: BlocklistRepository;
  /** Applies pending migrations (idempotent; `createStore` runs it unless `migrate: false`). */
  migrate(): Promise<MigrationResult>;
  /** True when the database answers. */
  ping(): Promise<boolean>;
  /**
   * Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. Use only
   * the store passed to `fn` inside it. Nested calls join the outer transaction.
   */
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** Apply pending migrations on open. Default true. */
  migrate?: boolean;
  /** PostgreSQL pool size. Default 10. */
  poolSize?: number;
  /** PostgreSQL schema to use (created when absent); tests isolate with a random one. */
  schema?: string;
  /** SQLite busy timeout in ms. Default 5000. */
  busyTimeoutMs?: number;
}
