/** How a fake scan moves through its states, on the fake's clock. */
export interface ScanPlan {
  /** Fake milliseconds in each state before the next. Defaults: Queued 1 s, Scanning 10 s, Archiving 2 s, AsyncArchiving 0 (skipped). */
  queuedMs?: number;
  scanningMs?: number;
  archivingMs?: number;
  asyncArchivingMs?: number;
  /** Where the scan ends; `never` stays Scanning for ever. Default `Complete`. */
  outcome?: 'Complete' | 'Failed' | 'Cancelled' | 'never';
  /** Issues the scan reports when it completes: a count of generated issues or explicit partial issues. Default 3. */
  issues?: number | Record<string, unknown>[];
  /** FailureReason / description for a Failed outcome. */
  failureReason?: string;
  failureReasonDescription?: string;
}

export interface PlannedState {
  state: string;
  /** 0–100 through the Scanning phase. */
  percentage: number;
}

/** The state a scan following `plan` is in `elapsedMs` after launch. Pure. */
export function stateAt(plan: ScanPlan, elapsedMs: number): PlannedState {
  const queued = plan.queuedMs ?? 1000;
  const scanning = plan.scanningMs ?? 10_000;
  const archiving = plan.archivingMs ?? 2000;
  const asyncArchiving = plan.asyncArchivingMs ?? 0;
  const outcome = plan.outcome ?? 'Complete';
  let t = elapsedMs;
  if (t < queued) return { state: 'Queued', percentage: 0 };
  t -= queued;
  if (outcome === 'never' || t < scanning) {
    const pct = scanning > 0 ? Math.floor((Math.min(t, scanning) / scanning) * 100) : 100;
    return { state: 'Scanning', percentage: outcome === 'never' ? Math.min(pct, 99) : pct };
  }
  t -= scanning;
  if (outcome === 'Failed' || outcome === 'Cancelled') return { state: outcome, percentage: 100 };
  if (t < archiving) return { state: 'Archiving', percentage: 100 };
  t -= archiving;
  if (t < asyncArchiving) return { state: 'AsyncArchiving', percentage: 100 };
  return { state: 'Complete', percentage: 100 };
}

export const TERMINAL_STATES: ReadonlySet<string> = new Set(['Complete', 'Failed', 'Cancelled']);

/** Invicti's Phase for a state (Pending, CrawlingAndAttacking, Complete). */
export function phaseOf(state: string): string {
  if (state === 'Queued' || state === 'Delayed') return 'Pending';
  if (state === 'Scanning' || state === 'Pausing' || state === 'Paused' || state === 'Resuming')
    return 'CrawlingAndAttacking';
  return 'Complete';
}
