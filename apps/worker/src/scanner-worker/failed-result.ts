import { SEVERITIES } from '@scanrelay/findings-schema';
import type { SastResult } from '@scanrelay/sast-runners';
import type { ScanRequest } from './scan-request.js';

/**
 * The result posted when a scan could not produce one (the worker shut down under it, or the scan
 * function failed unexpectedly): `status: failed` with the reason, so the receiver learns something
 * rather than nothing.
 */
export function failedResult(request: ScanRequest, startedAt: Date, reason: string): SastResult {
  return {
    project: request.project,
    provider: request.provider,
    scanId: request.scanId,
    repoUrl: request.repoUrl,
    tool: { name: request.provider },
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    status: 'failed',
    error: reason,
    counts: Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as SastResult['counts'],
    verdict: 'fail',
    score: 0,
    findings: [],
  };
}
