import { silentLogger } from '../logger.js';
import { INVICTI_SWEEP_DEFAULTS } from './invicti-webhook-config.js';
import { type InvictiSweepDeps, type InvictiSweepReport, sweepInvictiScans } from './sweep-invicti-scans.js';

export interface InvictiSweeperOptions extends Omit<InvictiSweepDeps, 'pollAfterMs'> {
  /** Default 2 h. */
  pollAfterMs?: number;
  /** Time between sweeps; 0 runs none on its own (runOnce still works). Default 5 min. */
  intervalMs?: number;
}

export interface InvictiSweeper {
  /** Starts the periodic sweep (an unref'd timer: it never keeps the process alive); idempotent. */
  start(): void;
  /** One sweep now (a sweep already running is awaited instead of starting another). */
  runOnce(): Promise<InvictiSweepReport>;
  /** Stops the timer and waits for a running sweep. */
  close(): Promise<void>;
}

/** Runs `sweepInvictiScans` every `intervalMs`, one sweep at a time; a failed sweep is logged, not thrown. */
export function createInvictiSweeper(options: InvictiSweeperOptions): InvictiSweeper {
  const logger = options.logger ?? silentLogger;
  const intervalMs = options.intervalMs ?? INVICTI_SWEEP_DEFAULTS.sweepIntervalMs;
  const deps = { ...options, pollAfterMs: options.pollAfterMs ?? INVICTI_SWEEP_DEFAULTS.pollAfterMs };
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<InvictiSweepReport> | undefined;
  const runOnce = () => {
    running ??= sweepInvictiScans(deps).finally(() => {
      running = undefined;
    });
    return running;
  };
  const tick = () => {
    runOnce().then(
      (r) => {
        if (r.checked > 0)
          logger.info('invicti sweep done', { ...r, queued: r.queued.length, failed: r.failed.length });
      },
      (err: unknown) => logger.error('invicti sweep failed', { err }),
    );
  };
  return {
    start() {
      if (timer || intervalMs <= 0) return;
      timer = setInterval(tick, intervalMs);
      timer.unref();
    },
    runOnce,
    async close() {
      clearInterval(timer);
      timer = undefined;
      await running?.catch(() => {});
    },
  };
}
