import { setTimeout as sleep } from 'node:timers/promises';
import {
  InvictiAbortError,
  type InvictiError,
  InvictiTimeoutError,
  isInvictiError,
} from './invicti-error.js';
import type { ScanStatus } from './scan-schema.js';
import {
  isTerminalScanState,
  type ScanStateKind,
  scanStateKind,
  type TerminalScanState,
} from './scan-state.js';

export interface WaitProgress {
  scanId: string;
  state: string;
  kind: ScanStateKind;
  /** 0–100 from CompletedSteps / EstimatedSteps, when Invicti gives both. */
  percentage: number | undefined;
  status: ScanStatus;
  polls: number;
  elapsedMs: number;
}

export interface WaitOptions {
  signal?: AbortSignal;
  /** Give up after this long (InvictiTimeoutError, the remote scan is left alone). Default: no limit. */
  timeoutMs?: number;
  /** First pause between polls. Default 10 s (what Invicti's own CI plugins use). */
  pollIntervalMs?: number;
  /** The pause grows by `backoffFactor` each poll up to this. Default max(60 s, pollIntervalMs). */
  maxPollIntervalMs?: number;
  backoffFactor?: number;
  /** Called after every poll. */
  onProgress?: (progress: WaitProgress) => void;
  /**
   * Polls that fail with a retryable error (after the request's own retries) are tolerated this many
   * times in a row; a long wait should not die of one bad minute. Default 5.
   */
  maxConsecutiveErrors?: number;
}

export interface WaitResult {
  scanId: string;
  state: TerminalScanState;
  outcome: 'complete' | 'failed' | 'cancelled';
  status: ScanStatus;
  polls: number;
  elapsedMs: number;
}

type GetStatus = (scanId: string, opts: { signal?: AbortSignal }) => Promise<ScanStatus>;

function percentageOf(s: ScanStatus): number | undefined {
  const done = s.CompletedSteps ?? undefined;
  const total = s.EstimatedSteps ?? undefined;
  if (done === undefined || !total) return undefined;
  return Math.max(0, Math.min(100, Math.round((done / total) * 100)));
}

/**
 * Polls `scans/status/{id}` with a growing pause until the scan is Complete, Failed or Cancelled
 * (AsyncArchiving still counts as running; unknown states are reported through onProgress and
 * waited on). A failed or cancelled scan is a result, not an error. Throws InvictiTimeoutError
 * after `timeoutMs`, InvictiAbortError when `signal` aborts.
 */
export async function waitForCompletion(
  getStatus: GetStatus,
  scanId: string,
  opts: WaitOptions = {},
): Promise<WaitResult> {
  const started = Date.now();
  const first = opts.pollIntervalMs ?? 10_000;
  const max = Math.max(opts.maxPollIntervalMs ?? 60_000, first);
  const factor = opts.backoffFactor ?? 1.5;
  const maxErrors = opts.maxConsecutiveErrors ?? 5;
  const deadline = opts.timeoutMs !== undefined ? AbortSignal.timeout(opts.timeoutMs) : undefined;
  const signals = [opts.signal, deadline].filter((s): s is AbortSignal => s !== undefined);
  const signal = signals.length > 0 ? AbortSignal.any(signals) : undefined;
  let interval = first;
  let polls = 0;
  let errors = 0;
  let lastState: string | undefined;

  const stopped = (cause?: unknown): InvictiError => {
    if (opts.signal?.aborted)
      return new InvictiAbortError(`waiting for scan ${scanId} was aborted`, { cause });
    const seen = lastState ? `; last state ${lastState}` : '';
    return new InvictiTimeoutError(
      `scan ${scanId} did not finish within ${opts.timeoutMs} ms${seen}; it was left running`,
      {
        lastState,
        cause,
      },
    );
  };

  for (;;) {
    if (signal?.aborted) throw stopped();
    let status: ScanStatus | undefined;
    try {
      status = await getStatus(scanId, { signal });
      errors = 0;
    } catch (error) {
      if (signal?.aborted) throw stopped(error);
      if (!isInvictiError(error) || !error.retryable || ++errors > maxErrors) throw error;
    }
    polls += 1;
    if (status) {
      lastState = status.State;
      const kind = scanStateKind(status.State);
      opts.onProgress?.({
        scanId,
        state: status.State,
        kind,
        percentage: percentageOf(status),
        status,
        polls,
        elapsedMs: Date.now() - started,
      });
      if (isTerminalScanState(status.State)) {
        return {
          scanId,
          state: status.State,
          outcome: kind as WaitResult['outcome'],
          status,
          polls,
          elapsedMs: Date.now() - started,
        };
      }
    }
    try {
      await sleep(interval, undefined, signal ? { signal } : undefined);
    } catch (error) {
      throw stopped(error);
    }
    interval = Math.min(max, Math.round(interval * factor));
  }
}
