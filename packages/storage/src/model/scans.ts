import type { ScanKind, ScanStatus } from '@scanrelay/findings-schema';
import type { scans } from '../schema/sqlite.js';
import type { Page, PageQuery } from './page.js';
import type { Stored } from './stored.js';

type ScanRow = typeof scans.$inferSelect;

/** Why a scan exists, when it is not an upload or an import: `publish` for an external SAST dispatch. */
export type ScanOrigin = 'publish';

/** Columns the store sets itself (`upsertKey` marks the one result per project and provider). */
type ScanManaged = 'tenantId' | 'upsertKey' | 'createdAt' | 'updatedAt';
/** What identifies a scan: fixed once it is created. */
type ScanIdentity = 'id' | 'projectId' | 'provider' | 'kind' | 'origin';

/**
 * DESIGN.md's Scan, as stored: `project` is the project's name, `projectId` its id; `ingest` is what
 * the ingest of this scan reported (set by `@scanrelay/core`'s ingest).
 */
export type StoredScan = Stored<Omit<ScanRow, 'upsertKey'>> & { project: string };

/** The fields a scan's lifecycle changes. `undefined` leaves a field as it is; a null `statusDetail` clears it. */
export type ScanPatch = Partial<Stored<Omit<ScanRow, ScanManaged | ScanIdentity | 'statusDetail'>>> & {
  statusDetail?: string | null;
};

/** A new scan: `id` defaults to a new UUID, `status` to pending, `counts` to zero. */
export type ScanInput = Pick<ScanRow, 'projectId' | 'provider' | 'kind'> & {
  id?: string;
  origin?: ScanOrigin;
} & Omit<ScanPatch, 'ingest' | 'statusDetail'> & { statusDetail?: string };

export interface ScanQuery extends PageQuery {
  projectId?: string;
  provider?: string;
  kind?: ScanKind;
  status?: ScanStatus | ScanStatus[];
  /**
   * Only the scans that saw this finding (its scan–finding links). Give the finding's `projectId` too:
   * the links are then probed by primary key, once per scan of the project.
   */
  findingId?: string;
}

/** Scans of every tenant that have not changed since `updatedBefore`, oldest change first. */
export interface StaleScanQuery {
  provider: string;
  status: ScanStatus[];
  /** ISO time. */
  updatedBefore: string;
  /** Default 100. */
  limit?: number;
}

export interface ScanRepository {
  /**
   * Throws `StorageError` `conflict` for a second published scan in flight (origin `publish`, status
   * `pending` or `running`) of one project and provider: a unique index guards it across replicas.
   */
  create(tenantId: string, input: ScanInput): Promise<StoredScan>;
  get(tenantId: string, id: string): Promise<StoredScan | undefined>;
  /**
   * A scan of any tenant by id: only for signed intake (a scan-results callback), where the signature,
   * not an API key, is the authority, and the caller then checks the scan's project and provider.
   */
  locate(id: string): Promise<StoredScan | undefined>;
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
  /** For background sweeps (not tenant-scoped): scans left unfinished for too long. */
  listStale(query: StaleScanQuery): Promise<StoredScan[]>;
  /** The newest scan of a project and provider. */
  latestForProvider(tenantId: string, projectId: string, provider: string): Promise<StoredScan | undefined>;
}
