import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { DestinationConfig, SinkResult } from '@scanrelay/sinks';
import type { Store, StoredForward } from '@scanrelay/storage/types';
import { isCoreError } from '../core-error.js';
import type { Logger } from '../logger.js';
import { type Forwarding, redactCredentials } from './create-forwarding.js';
import { scanFindings } from './scan-findings.js';
import type { ForwardMessage, SendForward } from './send-forward.js';

export interface RunForwardDeps {
  store: Store;
  forwarding: Forwarding;
  send: SendForward;
  /** Where kept reports are (`<dataDir>/uploads`). */
  uploadsDir: string;
  logger: Logger;
}

const MAX_ERROR = 1000;

/**
 * One attempt of a forward: stream the scan's stored findings to its destination. Done: counts and
 * remote ids are recorded. Failed: the error (credentials redacted) is recorded and the next attempt
 * queued after the backoff, or, after the configured attempts or on an error a retry cannot fix, the
 * forward is dead-lettered. A forward that ends either way forgets its credentials and releases the
 * kept report. Sink failures never escape (the forward retries itself); store failures do, for the
 * queue to redeliver.
 */
export async function runForward(
  deps: RunForwardDeps,
  message: ForwardMessage,
  signal: AbortSignal,
): Promise<StoredForward | undefined> {
  const { store } = deps;
  const { forwardId, attempt } = message;
  const before = await store.forwards.getById(forwardId);
  if (!before || before.status === 'done' || before.status === 'dead') return before;
  // The same attempt again (the worker died during it) runs again; any other is stale (a re-forward began anew).
  const redelivered = before.status === 'running' && before.attempts === attempt;
  if (!redelivered && before.attempts + 1 !== attempt) {
    deps.logger.info('stale forward message skipped', { forwardId, attempt, attempts: before.attempts });
    return before;
  }
  const forward =
    (await store.forwards.update(forwardId, {
      status: 'running',
      incrementAttempts: !redelivered,
      nextAttemptAt: null,
    })) ?? before;
  const label = `forward to ${forward.destination} (attempt ${forward.attempts} of ${deps.forwarding.config.maxAttempts})`;
  const jobLog = async (message: string, level: 'info' | 'warn' | 'error' = 'info') => {
    if (forward.context.jobId)
      await store.jobLogs.append(forward.context.jobId, message, level).catch(() => {});
  };
  let destination: DestinationConfig | undefined;
  let result: SinkResult;
  try {
    const scan = await store.scans.get(forward.tenantId, forward.scanId);
    if (!scan) throw new PermanentForwardError(`scan ${forward.scanId} no longer exists`);
    destination = deps.forwarding.resolve(
      forward.destination,
      await store.forwards.sealedCredentials(forwardId),
    );
    result = await deps.forwarding
      .sink(destination)
      .send(scanFindings(store, forward.tenantId, forward.scanId), {
        scanId: scan.id,
        tenantId: forward.tenantId,
        project: scan.project,
        scanner: scan.provider,
        importType: forward.context.importType,
        assetType: forward.context.assetType,
        assessmentName: scan.target ?? undefined,
        firstImport:
          destination.kind === 'defectdojo' ? !(await importedBefore(store, forward, scan)) : undefined,
        reportPath: forward.reportFile ? path.join(deps.uploadsDir, forward.reportFile) : undefined,
        signal,
      });
  } catch (err) {
    return failed(deps, forward, err, destination, label, jobLog);
  }
  const done = await store.forwards.update(forwardId, {
    status: 'done',
    sent: result.sent,
    batches: result.batches,
    remoteIds: result.remoteIds,
    warnings: result.warnings.slice(0, 50),
    lastError: null,
    sealedCredentials: null,
  });
  await releaseReport(deps, forward);
  deps.logger.info('forward done', { forwardId, destination: forward.destination, sent: result.sent });
  await jobLog(`${label}: sent ${result.sent} findings in ${result.batches} requests`);
  return done;
}

/** A forward failure a retry cannot fix (the scan or the destination is gone). */
class PermanentForwardError extends Error {}

async function failed(
  deps: RunForwardDeps,
  forward: StoredForward,
  err: unknown,
  destination: DestinationConfig | undefined,
  label: string,
  jobLog: (m: string, l: 'warn' | 'error') => Promise<void>,
): Promise<StoredForward | undefined> {
  const raw = err instanceof Error ? err.message : String(err);
  const message = redactCredentials(raw, destination).slice(0, MAX_ERROR);
  const permanent =
    err instanceof PermanentForwardError ||
    isCoreError(err) ||
    (typeof err === 'object' && err !== null && (err as { retryable?: unknown }).retryable === false);
  const last = permanent || forward.attempts >= deps.forwarding.config.maxAttempts;
  const fields = {
    forwardId: forward.id,
    destination: forward.destination,
    attempt: forward.attempts,
    error: message,
  };
  if (last) {
    const dead = await deps.store.forwards.update(forward.id, {
      status: 'dead',
      lastError: message,
      sealedCredentials: null,
    });
    await releaseReport(deps, forward);
    deps.logger.error('forward dead-lettered', fields);
    await jobLog(`${label} failed for good: ${message}`, 'error');
    return dead;
  }
  const delayMs = deps.forwarding.retryDelay(forward.attempts);
  const nextAttemptAt = new Date(Date.now() + delayMs).toISOString();
  const updated = await deps.store.forwards.update(forward.id, {
    status: 'failed',
    lastError: message,
    nextAttemptAt,
  });
  await deps.send(
    { forwardId: forward.id, attempt: forward.attempts + 1 },
    { messageId: `fwd-${forward.id}-${forward.attempts + 1}-${Date.now()}`, delayMs },
  );
  deps.logger.warn('forward failed, will retry', { ...fields, nextAttemptAt });
  await jobLog(`${label} failed: ${message}; next attempt at ${nextAttemptAt}`, 'warn');
  return updated;
}

/** Deletes the kept report once no unfinished forward of the scan needs it. */
async function releaseReport(deps: RunForwardDeps, forward: StoredForward): Promise<void> {
  if (!forward.reportFile) return;
  await deps.store.forwards.update(forward.id, { reportFile: null });
  const others = await deps.store.forwards.listForScan(forward.tenantId, forward.scanId);
  const inUse = others.some(
    (f) =>
      f.id !== forward.id &&
      f.reportFile === forward.reportFile &&
      f.status !== 'done' &&
      f.status !== 'dead',
  );
  if (!inUse) await rm(path.join(deps.uploadsDir, forward.reportFile), { force: true });
}

/** How many earlier scans of the project and provider are looked at for an earlier import. */
const EARLIER_SCANS = 50;

/**
 * Whether this destination already took a scan of the same project and provider (so DefectDojo gets a
 * reimport into its test rather than a second import). Looks at the newest earlier scans only.
 */
async function importedBefore(
  store: RunForwardDeps['store'],
  forward: StoredForward,
  scan: { id: string; projectId: string; provider: string },
): Promise<boolean> {
  const earlier = await store.scans.list(forward.tenantId, {
    projectId: scan.projectId,
    provider: scan.provider,
    limit: EARLIER_SCANS,
  });
  for (const other of earlier.items) {
    if (other.id === scan.id) continue;
    const forwards = await store.forwards.listForScan(forward.tenantId, other.id);
    if (forwards.some((f) => f.destination === forward.destination && f.status === 'done')) return true;
  }
  return false;
}
