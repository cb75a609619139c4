import type { ImportType, TriagedFinding } from '@scanrelay/findings-schema';

/** The kinds of destination scanrelay forwards to. */
export type SinkKind = 'phoenix' | 'securecodebox' | 'defectdojo' | 'webhook';

/** What a sink knows of the upload or scan whose findings it forwards. */
export interface SinkContext {
  /** scanrelay's scan id (also the idempotency key of a forward). */
  scanId: string;
  tenantId: string;
  project: string;
  /** The upload's assessment name (Phoenix), when given; sinks fall back to the project. */
  assessmentName?: string;
  /** Our parser id of the report, e.g. `trivy`. */
  scanner: string;
  importType: ImportType;
  /** The upload's `asset_type`, when given: overrides the asset type a sink would infer. */
  assetType?: string;
  /**
   * True when this destination has never received this project's findings from this scanner: DefectDojo
   * creates the test with `import-scan`. False or absent: DefectDojo `reimport-scan`s into the test found by
   * product, engagement, test title and scan type (creating it when missing and auto_create_context is on).
   */
  firstImport?: boolean;
  /** The original report on disk, for sinks that send the raw file (DefectDojo, Phoenix translate). */
  reportPath?: string;
  /** Aborts the send (job cancelled, shutdown). */
  signal?: AbortSignal;
  /** Progress and tolerated oddities; never carries a credential. */
  onWarning?: (message: string) => void;
}

/** What one destination did with the findings. */
export interface SinkResult {
  destination: string;
  kind: SinkKind;
  /** Findings sent (after any filtering the destination's format needs). */
  sent: number;
  /** Requests made that were accepted (batches). */
  batches: number;
  /** Ids the remote gave back: Phoenix import request ids, DefectDojo test id, webhook message ids. */
  remoteIds: string[];
  warnings: string[];
}

/**
 * A destination. `send` streams the findings out in bounded batches; it never holds the whole report.
 * A finding's `triage` (false positive, accepted risk) goes out in the destination's own terms where its
 * format has them (see the package README, "Triage").
 */
export interface Sink {
  readonly name: string;
  readonly kind: SinkKind;
  send(findings: AsyncIterable<TriagedFinding>, context: SinkContext): Promise<SinkResult>;
}
