import type { JobLogLine, JobRecord, Store } from '@scanrelay/storage';

const TERMINAL = new Set(['completed', 'failed', 'dead']);
const BATCH = 500;

export interface FollowOptions {
  store: Store;
  tenantId: string;
  jobId: string;
  /** Lines with a greater `seq` are sent (resume after `Last-Event-ID`). */
  afterSeq?: number;
  pollMs: number;
  signal: AbortSignal;
  onLine(line: JobLogLine): Promise<void> | void;
  /** Called once when the job has ended and every line was sent. */
  onEnd(job: JobRecord): Promise<void> | void;
}

/**
 * Follows a job's log until the job ends: sends the lines written so far, then polls for new ones.
 * The job's status is read before each read of lines, so when a terminal status is seen every line
 * the worker wrote before finishing is sent before `onEnd`. Returns when the job ended or `signal`
 * aborted.
 */
export async function followJobLog(o: FollowOptions): Promise<void> {
  let after = o.afterSeq ?? 0;
  while (!o.signal.aborted) {
    const job = await o.store.jobs.get(o.tenantId, o.jobId);
    if (!job) return;
    let lines: JobLogLine[];
    do {
      lines = await o.store.jobLogs.list(o.tenantId, o.jobId, { afterSeq: after, limit: BATCH });
      for (const line of lines) {
        if (o.signal.aborted) return;
        await o.onLine(line);
        after = line.seq;
      }
    } while (lines.length === BATCH);
    if (TERMINAL.has(job.status)) {
      await o.onEnd(job);
      return;
    }
    await sleep(o.pollMs, o.signal);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
