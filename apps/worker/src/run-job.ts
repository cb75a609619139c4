import {
  isCoreError,
  isPermanentJobError,
  type JobContext,
  type JobHandler,
  type Logger,
  queueMessageSchema,
  removeJobUpload,
  type WorkerMetrics,
} from '@scanrelay/core';
import { isParseError } from '@scanrelay/parsers';
import type { HandlerContext, Job } from '@scanrelay/queue';
import type { Store } from '@scanrelay/storage';

export interface RunJobDeps {
  store: Store;
  logger: Logger;
  metrics?: WorkerMetrics;
  uploadsDir: string;
  handlers: Record<string, JobHandler>;
  forward?: JobContext['forward'];
}

/**
 * Runs one queue delivery: loads the job record, skips it when it already completed (a redelivery
 * after a crash), marks it running, runs the handler and records the outcome. A permanent failure
 * (bad report) fails the job without retry; any other error is rethrown so the queue retries it, and
 * on the last attempt the job is recorded dead with its error. Once the job has ended, whichever way,
 * its upload is deleted (a retry still needs it, so not before). The worker's logger gets one line
 * when the job starts and one when it ends, with the outcome and the duration.
 */
export async function runJob(deps: RunJobDeps, message: Job, queueCtx: HandlerContext): Promise<void> {
  const parsed = queueMessageSchema.safeParse(message.data);
  if (!parsed.success) {
    deps.logger.error('queue message without a job id: dropped', {
      queueJobId: message.id,
      name: message.name,
    });
    return;
  }
  const { store } = deps;
  const jobId = parsed.data.jobId;
  const record = await store.jobs.getById(jobId);
  if (!record) {
    deps.logger.warn('queue message for an unknown job: dropped', { jobId });
    return;
  }
  const discardUpload = () =>
    removeJobUpload(record, deps.uploadsDir).catch((err: unknown) => {
      deps.logger.warn('could not delete the upload of a finished job', { jobId, error: describe(err) });
    });
  if (record.status === 'completed' || record.status === 'failed') {
    deps.logger.info('job already finished: redelivery skipped', { jobId, status: record.status });
    // The earlier run may have stopped between recording the end and deleting the upload.
    await discardUpload();
    return;
  }
  const handler = deps.handlers[record.type];
  const log = async (msg: string, level: 'debug' | 'info' | 'warn' | 'error' = 'info') => {
    await store.jobLogs.append(jobId, msg, level);
  };
  if (!handler) {
    await log(`no handler for job type "${record.type}"`, 'error');
    await store.jobs.update(jobId, { status: 'failed', error: `unknown job type "${record.type}"` });
    await discardUpload();
    return;
  }
  const started = performance.now();
  const running = await store.jobs.update(jobId, { status: 'running', incrementAttempts: true, error: null });
  const job = running ?? record;
  await log(
    `attempt ${job.attempts}${message.maxAttempts ? ` of ${message.maxAttempts}` : ''}: ${record.type} started`,
  );
  const jobFields = { jobId, type: record.type, attempt: job.attempts, maxAttempts: message.maxAttempts };
  deps.logger.info('job started', jobFields);
  const ended = (outcome: 'completed' | 'failed' | 'retry' | 'dead', error?: string) => {
    const fields = { ...jobFields, outcome, durationMs: Math.round(performance.now() - started), error };
    if (outcome === 'completed') deps.logger.info('job ended', fields);
    else if (outcome === 'retry') deps.logger.warn('job ended', fields);
    else deps.logger.error('job ended', fields);
  };
  const ctx: JobContext = {
    job,
    store,
    logger: deps.logger,
    metrics: deps.metrics,
    uploadsDir: deps.uploadsDir,
    queue: queueCtx,
    forward: deps.forward,
    log,
    progress: async (percent) => {
      await store.jobs.update(jobId, { progress: Math.max(0, Math.min(100, Math.round(percent))) });
    },
  };
  const seconds = () => (performance.now() - started) / 1000;
  try {
    const result = await handler(ctx);
    await log(`${record.type} completed in ${seconds().toFixed(2)} s`);
    await store.jobs.update(jobId, { status: 'completed', progress: 100, result, error: null });
    deps.metrics?.jobFinished(record.type, 'completed', seconds());
    ended('completed');
    await discardUpload();
  } catch (err) {
    const reason = describe(err);
    if (isPermanent(err)) {
      await log(`failed: ${reason}`, 'error');
      await store.jobs.update(jobId, { status: 'failed', error: reason });
      deps.metrics?.jobFinished(record.type, 'failed', seconds());
      ended('failed', reason);
      await discardUpload();
      return;
    }
    const last = message.attempt >= message.maxAttempts;
    await log(
      last
        ? `failed for good after ${message.attempt} attempts: ${reason}`
        : `attempt failed, will retry: ${reason}`,
      last ? 'error' : 'warn',
    );
    await store.jobs.update(jobId, { status: last ? 'dead' : 'queued', error: reason }).catch(() => {});
    deps.metrics?.jobFinished(record.type, last ? 'failed' : 'retried', seconds());
    ended(last ? 'dead' : 'retry', reason);
    if (last) await discardUpload();
    throw err;
  }
}

/** Failures a retry cannot fix: a broken report, a finding the parser made invalid, a bad job input. */
function isPermanent(err: unknown): boolean {
  return isPermanentJobError(err) || isParseError(err) || (isCoreError(err) && err.code !== 'not_found');
}

function describe(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.length > 1000 ? `${message.slice(0, 1000)}…` : message;
}
