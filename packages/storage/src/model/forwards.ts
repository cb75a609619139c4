import type { forwards } from '../schema/sqlite.js';
import type { Page, PageQuery } from './page.js';
import type { Stored } from './stored.js';

export const FORWARD_STATUSES = ['pending', 'running', 'done', 'failed', 'dead'] as const;
/** `failed`: the last attempt failed and another is scheduled at `nextAttemptAt`; `dead`: no more. */
export type ForwardStatus = (typeof FORWARD_STATUSES)[number];

/** What a sink needs to know of the upload besides the scan: kept with the forward. */
export interface ForwardContext {
  importType: 'new' | 'merge' | 'delta';
  assetType?: string;
  /** The job whose log gets the forward's progress lines (an upload's). */
  jobId?: string;
}

/**
 * One destination's share of a scan: its status, attempts, what was sent, the remote ids and the last
 * error (already redacted). The sealed per-upload credentials are never part of it: only
 * `ForwardRepository.sealedCredentials` reads them.
 */
export type StoredForward = Stored<Omit<typeof forwards.$inferSelect, 'sealedCredentials'>>;

export interface ForwardInput {
  tenantId: string;
  scanId: string;
  destination: string;
  kind: string;
  context: ForwardContext;
  /** File name of the raw report kept for this forward, when the destination sends it. */
  reportFile?: string;
  /** The upload's credential overrides, encrypted (see `@scanrelay/core`'s secret box). */
  sealedCredentials?: string;
}

export interface ForwardPatch {
  status?: ForwardStatus;
  /** Adds one to `attempts` (set when an attempt starts). */
  incrementAttempts?: boolean;
  /** Back to zero (a re-forward). */
  resetAttempts?: boolean;
  sent?: number;
  batches?: number;
  remoteIds?: string[];
  warnings?: string[];
  lastError?: string | null;
  nextAttemptAt?: string | null;
  reportFile?: string | null;
  sealedCredentials?: string | null;
  context?: ForwardContext;
}

export interface ForwardQuery extends PageQuery {
  status?: ForwardStatus | ForwardStatus[];
  scanId?: string;
}

export interface ForwardRepository {
  /** Creates the forward of a scan to a destination, or returns the existing one (idempotent). */
  ensure(input: ForwardInput): Promise<StoredForward>;
  get(tenantId: string, id: string): Promise<StoredForward | undefined>;
  /** For workers, which get the id from the queue. */
  getById(id: string): Promise<StoredForward | undefined>;
  /** Newest first. */
  list(tenantId: string, query?: ForwardQuery): Promise<Page<StoredForward>>;
  /** Every forward of a scan, by destination name. */
  listForScan(tenantId: string, scanId: string): Promise<StoredForward[]>;
  /** Undefined for an unknown id. Sets `finishedAt` from the status (done and dead finish). */
  update(id: string, patch: ForwardPatch): Promise<StoredForward | undefined>;
  /** The encrypted credential overrides of a forward, for the worker that sends it. */
  sealedCredentials(id: string): Promise<string | undefined>;
}
