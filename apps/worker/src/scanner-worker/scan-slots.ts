/** The running scans of one worker, and the two signals that stop them at shutdown. */
export interface ScanSlots {
  readonly size: number;
  has(scanId: string): boolean;
  /** Tracks `job` (which never rejects) until it settles. */
  add(scanId: string, job: Promise<void>): void;
  /** Aborted once running scans have had their grace period: they report `failed`. */
  readonly scanSignal: AbortSignal;
  /** Aborted once callbacks have had theirs too. */
  readonly deliverSignal: AbortSignal;
  /** Waits up to `graceMs`, aborts the scans, waits up to `deliverGraceMs`, aborts the deliveries, waits for all. */
  drain(graceMs: number, deliverGraceMs: number): Promise<void>;
}

export function createScanSlots(): ScanSlots {
  const running = new Map<string, Promise<void>>();
  const scans = new AbortController();
  const deliveries = new AbortController();
  const allSettled = () => Promise.allSettled(running.values()).then(() => undefined);
  const settledWithin = async (ms: number) => {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
    });
    await Promise.race([allSettled(), deadline]);
    clearTimeout(timer);
  };
  return {
    get size() {
      return running.size;
    },
    has: (scanId) => running.has(scanId),
    add(scanId, job) {
      running.set(
        scanId,
        job.finally(() => running.delete(scanId)),
      );
    },
    scanSignal: scans.signal,
    deliverSignal: deliveries.signal,
    async drain(graceMs, deliverGraceMs) {
      await settledWithin(graceMs);
      scans.abort(new Error('the scanner worker is shutting down'));
      await settledWithin(deliverGraceMs);
      deliveries.abort(new Error('the scanner worker is shutting down'));
      await allSettled();
    },
  };
}
