import type { ScanMetadata } from '@scanrelay/findings-schema';
import type { ScanTask } from '@scanrelay/invicti-client';

/** Where a run wrote its files: `findingsFile` only when findings.json was written. */
export interface InvictiRunFiles {
  metadataFile: string;
  findingsFile?: string;
}

/** Fire-and-forget: the scan was launched; scan-metadata.json (Launched) and an empty findings.json are written. */
export interface InvictiRunLaunched {
  kind: 'launched';
  scanId: string;
  /** Invicti's answer to the launch. */
  scan: ScanTask;
  metadata: ScanMetadata;
  files: InvictiRunFiles;
}

/** The scan completed and its findings were written: `findingsCount` of them, in `files.findingsFile`. */
export interface InvictiRunCompleted {
  kind: 'completed';
  scanId: string;
  /** Invicti's scan, when the run read it (`issues` reads it; a blocking scan has the launch answer). */
  scan: ScanTask;
  metadata: ScanMetadata;
  findingsCount: number;
  files: InvictiRunFiles;
}

/**
 * The scan did not complete successfully: it ended Failed or Cancelled, the wait timed out (the scan
 * is left running), it is not finished yet (`issues`), or waiting or fetching failed (`error`). No
 * findings.json is left behind; scan-metadata.json is written except for an unfinished `issues` scan.
 */
export interface InvictiRunIncomplete {
  kind: 'incomplete';
  scanId: string;
  reason: 'failed' | 'cancelled' | 'timeout' | 'not_finished' | 'error';
  /** The last state Invicti reported. */
  state: string;
  /** What happened, to show as is, e.g. `Invicti scan … ended Failed: The target could not be reached`. */
  detail: string;
  metadata?: ScanMetadata;
  files?: InvictiRunFiles;
  /** For `error`: what failed (usually an InvictiError of the client). */
  error?: unknown;
}

/**
 * The caller's signal aborted the run. `cancelled` says whether the remote scan was cancelled (only
 * with `cancelOnInterrupt`); `scanId` is absent when the launch itself was interrupted.
 */
export interface InvictiRunInterrupted {
  kind: 'interrupted';
  scanId?: string;
  phase: 'launch' | 'lookup' | 'wait' | 'issues';
  cancelled: boolean;
  /** What happened, to show after the signal's name, e.g. `stopped waiting; Invicti scan … was NOT cancelled …`. */
  detail: string;
  metadata?: ScanMetadata;
}

export type InvictiRunOutcome =
  | InvictiRunLaunched
  | InvictiRunCompleted
  | InvictiRunIncomplete
  | InvictiRunInterrupted;
