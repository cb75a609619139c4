import type { ApiKeyRepository } from './api-keys.js';
import type { BlocklistRepository } from './blocklist.js';
import type { DeliveryRepository } from './deliveries.js';
import type { FindingRepository } from './findings.js';
import type { ForwardRepository } from './forwards.js';
import type { JobLogRepository } from './job-logs.js';
import type { JobRepository } from './jobs.js';
import type { ProjectRepository } from './projects.js';
import type { RateLimitRepository } from './rate-limits.js';
import type { SastResultRepository } from './sast-results.js';
import type { ScanRepository } from './scans.js';
import type { SessionRepository } from './sessions.js';
import type { SummaryRepository } from './summaries.js';
import type { TenantRepository } from './tenants.js';

export type Dialect = 'sqlite' | 'postgres';

export interface MigrationResult {
  /** Versions applied by this call, in order (empty when up to date). */
  applied: string[];
  /** Every applied version after this call. */
  current: string[];
}

/**
 * One API over SQLite and PostgreSQL. Create with `createStore(url)`. Every repository is async and
 * works the same over both; every read of tenant data takes the tenant id: a row of another tenant
 * is never returned (callers answer 404). Timestamps are ISO 8601 strings in UTC; ids are UUIDs.
 */
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
  readonly forwards: ForwardRepository;
  /** External SAST results, one per project and provider. */
  readonly sastResults: SastResultRepository;
  readonly rateLimits: RateLimitRepository;
  /** Dashboard sessions. */
  readonly sessions: SessionRepository;
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
