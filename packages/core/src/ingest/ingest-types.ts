import type { Finding, ImportType, ScanKind, SeverityCounts, Verdict } from '@scanrelay/findings-schema';
import type { ProjectKind } from '@scanrelay/storage/types';
import type { FindingValidation } from './check-finding.js';

/** The import semantics (`new | merge | delta`), as the model defines them. */
export type IngestMode = ImportType;

export interface IngestScanInput {
  /**
   * The scan to fill in: an existing scan (e.g. the `pending` one the API created on upload) or the
   * id to create it with. A scan that was already ingested is not ingested again: its stored result
   * is returned (a job that runs twice writes once). Default: a new scan.
   */
  id?: string;
  /**
   * `id` names a scan that must already exist in this tenant (an id the caller was given, not one to
   * create): an unknown id, or another tenant's, throws `not_found` alike, so that ids of other
   * tenants cannot be told from unknown ones.
   */
  existing?: boolean;
  /** e.g. `trivy`, `invicti`, `semgrep`. */
  provider: string;
  kind?: ScanKind;
  externalId?: string;
  commitSha?: string;
  target?: string;
  startedAt?: string;
}

export interface IngestInput {
  /** The tenant's id. */
  tenant: string;
  /** The project's name (created when absent) or its name and kind. */
  project: string | { name: string; kind?: ProjectKind; repoUrl?: string };
  scan: IngestScanInput;
  /** The report's findings, e.g. straight from `parseReport(...).findings`. */
  findings: AsyncIterable<Finding> | Iterable<Finding>;
  mode: IngestMode;
  /**
   * The parser id of the report (`trivy`). `new` closes by the tool names its findings carry; an
   * empty report has none, so it closes the open findings of this parser id instead.
   */
  scanner?: string;
  /** How each finding is checked before anything is written; default `fields` (see `FindingValidation`). */
  validation?: FindingValidation;
  /** Findings per database round trip; default 5000. */
  batchSize?: number;
  /** Called after each batch with the number of report entries read so far. Must not await the store. */
  onProgress?: (read: number) => void;
}

export interface IngestResult {
  tenantId: string;
  projectId: string;
  project: string;
  scanId: string;
  mode: IngestMode;
  /** Findings new to the project. */
  created: number;
  /** Known findings whose content changed. */
  updated: number;
  /** Known findings whose content did not change. */
  unchanged: number;
  /** Fixed findings seen again (in `new` and `merge`). */
  reopened: number;
  /** Open findings this `new` scan no longer has. */
  fixed: number;
  /** Report entries read. */
  read: number;
  /** Distinct findings of the scan (entries with one fingerprint merge, adding their occurrences). */
  total: number;
  /** Entries merged into another one with the same fingerprint. */
  duplicates: number;
  /**
   * Distinct findings of the scan that were triaged (false positive, or accepted risk not expired):
   * they keep their status and are left out of `counts`, `verdict` and `score`.
   */
  triaged: number;
  /**
   * The scan's distinct findings per severity that count: all of `total` but the `triaged` ones.
   * `verdict` and `score` are computed from these.
   */
  counts: SeverityCounts;
  /** Per severity, the findings `fixed` counts. */
  fixedCounts: SeverityCounts;
  verdict: Verdict;
  score: number;
  /** True when this scan had been ingested before and nothing was written now. */
  replayed: boolean;
}
