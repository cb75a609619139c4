import type { ScanStatus } from '@scanrelay/findings-schema';

/**
 * A scan's status as every reader shows it: `pending` or `running` for longer than `timeoutMs`
 * since it was dispatched reads `timed_out`, without anything having to rewrite it first. A late
 * result still completes it.
 */
export function effectiveScanStatus(
  scan: { status: ScanStatus; createdAt: string },
  now: Date,
  timeoutMs: number,
): ScanStatus {
  if (scan.status !== 'pending' && scan.status !== 'running') return scan.status;
  return now.getTime() - Date.parse(scan.createdAt) > timeoutMs ? 'timed_out' : scan.status;
}
