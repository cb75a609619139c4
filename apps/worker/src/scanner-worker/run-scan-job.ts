import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import type { SastResult, ScanRequest } from '@scanrelay/sast-runners';
import { failedResult } from './failed-result.js';

/** What the scanner worker does with an accepted request; the real ones come from @scanrelay/sast-runners. */
export interface ScanJobDeps {
  /** Scans one repository inside `workDir`; a failed scan resolves to `status: failed` where it can. */
  scan(request: ScanRequest, context: { workDir: string; signal: AbortSignal }): Promise<SastResult>;
  /** Posts the result to `callbackUrl` (signed, retried); rejects once it gives up. */
  deliver(result: SastResult, callbackUrl: string, context: { signal: AbortSignal }): Promise<void>;
}

export interface ScanJobOptions {
  /** Where each scan's own temporary directory is made. */
  tmpRoot: string;
  /** Aborted when the worker stops waiting for running scans. */
  scanSignal: AbortSignal;
  /** Aborted when the worker stops waiting for callbacks too. */
  deliverSignal: AbortSignal;
}

/**
 * One accepted scan: a fresh temporary directory, the scan, the directory removed whatever happened,
 * then the result (or a `failed` one saying why there is none) delivered to the callback URL.
 * Resolves to the delivered result; rejects only when the delivery failed.
 */
export async function runScanJob(
  request: ScanRequest,
  deps: ScanJobDeps,
  options: ScanJobOptions,
): Promise<SastResult> {
  const startedAt = new Date();
  let result: SastResult;
  let workDir: string | undefined;
  try {
    workDir = await mkdtemp(path.join(options.tmpRoot, 'scanrelay-scan-'));
    // Shutdown may have begun while the directory was made: a scan is not started then (a scan that
    // listens for the abort would never hear one that already happened).
    options.scanSignal.throwIfAborted();
    result = await deps.scan(request, { workDir, signal: options.scanSignal });
  } catch (cause) {
    result = failedResult(request, startedAt, reasonOf(cause, options.scanSignal));
  } finally {
    if (workDir) await rm(workDir, { recursive: true, force: true });
  }
  await deps.deliver(result, request.callbackUrl, { signal: options.deliverSignal });
  return result;
}

function reasonOf(cause: unknown, signal: AbortSignal): string {
  if (signal.aborted) return 'the scanner worker shut down before the scan finished';
  const message = cause instanceof Error ? cause.message : String(cause);
  return `the scan failed: ${message}`;
}
