import type { jobs } from '../schema/sqlite.js';
import type { Page, PageQuery } from './page.js';
import type { Stored } from './stored.js';

export const JOB_STATUSES = ['queued', 'running', 'completed', 'failed', 'dead'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/**
 * The job record the API shows (the queue keeps its own delivery state): `progress` is 0 to 100,
 * `attempts` the attempts started so far.
 */
export type JobRecord = Stored<typeof jobs.$inferSelect>;

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
  /** Replaces the job's input (a worker drops what it no longer needs, like sealed credentials). */
  input?: unknown;
  /** Adds one to `attempts` (set when a worker starts the job). */
  incrementAttempts?: boolean;
}

export interface JobQuery extends PageQuery {
  type?: string;
  status?: JobStatus | JobStatus[];
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
