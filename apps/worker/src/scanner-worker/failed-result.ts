import { failedSastResult, type SastResult, type ScanRequest } from '@scanrelay/sast-runners';

/** The result posted when the scan itself could not produce one (shutdown, an unexpected failure). */
export function failedResult(request: ScanRequest, startedAt: Date, reason: string): SastResult {
  const { project, provider, scanId, repoUrl } = request;
  return failedSastResult(
    { project, provider, scanId, repoUrl, tool: { name: provider }, startedAt: startedAt.toISOString() },
    reason,
  );
}
