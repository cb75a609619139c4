import { isClientError, type JobLogEvent, type ScanrelayClient, type UploadOptions } from '@scanrelay/client';
import type { UploadOutcome } from './upload-report.js';

export interface UploadOneOptions extends UploadOptions {
  file: string;
  batch?: string;
  wait: boolean;
  streamLogs: boolean;
  timeoutMs?: number;
  onLog?: (event: JobLogEvent) => void;
  signal?: AbortSignal;
}

/**
 * Uploads one report and, when asked, follows it to the end. Never throws for an API answer: returns
 * it. A wait that times out returns the job's status at that moment (`queued` or `running`).
 */
export async function uploadOne(client: ScanrelayClient, o: UploadOneOptions): Promise<UploadOutcome> {
  const started = Date.now();
  const base = { batch: o.batch, file: o.file, project: o.project };
  let accepted: Awaited<ReturnType<ScanrelayClient['upload']>>;
  try {
    accepted = await client.upload(o);
  } catch (err) {
    return {
      ...base,
      status: 'rejected',
      error: describeError(err),
      durationMs: Date.now() - started,
    };
  }
  const outcome: UploadOutcome = {
    ...base,
    jobId: accepted.jobId,
    scanner: accepted.scanner,
    status: 'queued',
    durationMs: 0,
  };
  try {
    if (o.streamLogs) {
      const events = client.streamJobLogs(accepted.jobId, { signal: o.signal, timeoutMs: o.timeoutMs });
      for await (const ev of events) {
        o.onLog?.(ev);
        if (ev.type === 'end')
          Object.assign(outcome, { status: ev.job.status, result: ev.job.result, error: ev.job.error });
      }
    } else if (o.wait) {
      const job = await client.waitForJob(accepted.jobId, { timeoutMs: o.timeoutMs, signal: o.signal });
      Object.assign(outcome, { status: job.status, result: job.result, error: job.error });
    }
  } catch (err) {
    if (isClientError(err) && err.code === 'wait_timeout') {
      // Not a failure: the job goes on. Its status now (it may even have ended meanwhile).
      const job = await client.getJob(accepted.jobId).catch(() => undefined);
      Object.assign(outcome, {
        status: job?.status ?? 'running',
        result: job?.result,
        error: job?.error ?? undefined,
      });
    } else {
      Object.assign(outcome, {
        status: 'failed',
        error: describeError(err),
      });
    }
  }
  outcome.durationMs = Date.now() - started;
  return outcome;
}

/** The API's answer as the user reads it: `400 the report is empty`, `cannot reach the scanrelay API: …`. */
function describeError(err: unknown): string {
  if (!isClientError(err)) return err instanceof Error ? err.message : String(err);
  return err.status !== undefined && err.status >= 400 ? `${err.status} ${err.detail}` : err.detail;
}
