/** Every `State` Invicti documents for a scan (ApiScanStatusModel / ScanTaskModel), in spec order. */
export const SCAN_STATES = [
  'Queued',
  'Scanning',
  'Archiving',
  'Complete',
  'Failed',
  'Cancelled',
  'Delayed',
  'Pausing',
  'Paused',
  'Resuming',
  'AsyncArchiving',
] as const;
export type ScanState = (typeof SCAN_STATES)[number];

/** The states after which a scan never changes again. */
export const TERMINAL_SCAN_STATES = ['Complete', 'Failed', 'Cancelled'] as const;
export type TerminalScanState = (typeof TERMINAL_SCAN_STATES)[number];

/**
 * How a state reads for a pipeline: `queued` (not started), `running` (scanning, archiving, paused or
 * resuming: it may still finish), a terminal outcome, or `unknown` for a state this client does not
 * know (a newer Invicti): reported, and treated as still running.
 */
export type ScanStateKind = 'queued' | 'running' | 'complete' | 'failed' | 'cancelled' | 'unknown';

const KINDS: Record<ScanState, ScanStateKind> = {
  Queued: 'queued',
  Delayed: 'queued',
  Scanning: 'running',
  Archiving: 'running',
  // Archiving that runs after the scan reported done: results are not final yet.
  AsyncArchiving: 'running',
  Pausing: 'running',
  Paused: 'running',
  Resuming: 'running',
  Complete: 'complete',
  Failed: 'failed',
  Cancelled: 'cancelled',
};

export function isKnownScanState(state: string): state is ScanState {
  return Object.hasOwn(KINDS, state);
}

export function isTerminalScanState(state: string): state is TerminalScanState {
  return (TERMINAL_SCAN_STATES as readonly string[]).includes(state);
}

export function scanStateKind(state: string): ScanStateKind {
  return isKnownScanState(state) ? KINDS[state] : 'unknown';
}
