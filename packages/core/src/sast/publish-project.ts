import type { PublishedScan, SkippedScan } from '@scanrelay/api-schema';
import type { StoredScan } from '@scanrelay/storage/types';
import { silentLogger } from '../logger.js';
import { dispatchScan } from './dispatch-scan.js';
import { findInFlightScan } from './publish-in-flight.js';
import { parsePublishInput, type ValidPublish } from './publish-input.js';
import { takeDispatchBudget } from './publish-rate-limit.js';
import type { PublishAnswer, PublishInput, SastDeps } from './sast-types.js';

type Provider = ValidPublish['providers'][number];

/**
 * A StorageError `conflict` (recognised by its brand, as `isStorageError` does, without loading the
 * storage drivers): here, the unique index of active SAST scans refusing a second one.
 */
function isStorageConflict(err: unknown): boolean {
  return (
    typeof err === 'object' &&
    err !== null &&
    Symbol.for('@scanrelay/storage/error') in err &&
    (err as { code?: unknown }).code === 'conflict'
  );
}

/** An error's words for a person, without any package prefix. */
function reasonOf(err: unknown): string {
  const detail = (err as { detail?: unknown } | null)?.detail;
  if (typeof detail === 'string' && detail) return detail;
  return err instanceof Error ? err.message : String(err);
}

/**
 * Publishes a project: for each provider asked (default: every configured one), skip it when a scan
 * of it is still pending or running (one past `config.timeoutMs` is recorded `timed_out` and no longer
 * blocks), take the dispatches from the hourly budget (RateLimitedError, nothing created, when it is
 * spent), create a `pending` scan and dispatch it to the provider's backend. A dispatch that fails
 * marks its scan `failed` with the reason and the others still go. Throws CoreError `invalid_input`
 * for a bad project name, repository URL, ref or provider, before anything is written.
 */
export async function publishProject(deps: SastDeps, input: PublishInput): Promise<PublishAnswer> {
  const valid = await parsePublishInput(deps, input);
  const now = deps.now?.() ?? new Date();
  const { store, config } = deps;
  const { tenantId } = valid;
  // No project or scan is created before the budget is taken: a refused publish leaves neither.
  const existing = await store.projects.getByName(tenantId, valid.project);
  const skipped: SkippedScan[] = [];
  const due: Provider[] = [];
  const inFlight = (projectId: string, provider: string) =>
    findInFlightScan(deps, { tenantId, projectId, project: valid.project, provider, now });
  for (const p of valid.providers) {
    const busy = existing && (await inFlight(existing.id, p.provider));
    if (busy) skipped.push(busy);
    else due.push(p);
  }
  // A scan that a concurrent publish wins below has still taken its unit: the budget errs on the safe side.
  await takeDispatchBudget(store, now, due.length, config.dispatchesPerHour);
  // The project shows the repository it was published from last; every scan records the URL it
  // scanned in `target`.
  const project = existing
    ? existing.repoUrl === valid.repoUrl
      ? existing
      : ((await store.projects.setRepoUrl(tenantId, existing.id, valid.repoUrl)) ?? existing)
    : await store.projects.getOrCreate(tenantId, { name: valid.project, repoUrl: valid.repoUrl });

  const scans: PublishedScan[] = [];
  for (const p of due) {
    const created = await createPending(p);
    if ('skip' in created) skipped.push(created.skip);
    else scans.push(await send(p, created.scan));
  }
  return {
    project: valid.project,
    repoUrl: valid.repoUrl,
    ...(valid.ref === undefined ? {} : { ref: valid.ref }),
    scans,
    skipped,
  };

  /** A new pending scan, or the skip when a concurrent publish created one first (the unique index said so). */
  async function createPending(p: Provider): Promise<{ scan: StoredScan } | { skip: SkippedScan }> {
    for (let attempt = 1; ; attempt++) {
      try {
        const scan = await store.scans.create(tenantId, {
          projectId: project.id,
          provider: p.provider,
          kind: 'sast',
          origin: 'publish',
          status: 'pending',
          target: valid.repoUrl,
          ...(valid.ref === undefined ? {} : { statusDetail: `ref ${valid.ref}` }),
        });
        return { scan };
      } catch (err) {
        if (!isStorageConflict(err)) throw err;
        const busy = await inFlight(project.id, p.provider);
        if (busy) return { skip: busy };
        // The winner already finished or timed out between the two reads: try once more.
        if (attempt >= 2) throw err;
      }
    }
  }

  async function send(p: Provider, scan: StoredScan): Promise<PublishedScan> {
    const logger = deps.logger ?? silentLogger;
    const base = { provider: p.provider, scanId: scan.id, backend: p.backend.kind };
    const fields = { project: valid.project, ...base };
    try {
      const sent = await dispatchScan(deps, p.backend, {
        tenantId,
        scanId: scan.id,
        project: valid.project,
        provider: p.provider,
        repoUrl: valid.repoUrl,
        ...(valid.ref === undefined ? {} : { ref: valid.ref }),
      });
      if (sent.runId !== undefined)
        await store.scans.update(tenantId, scan.id, { externalId: String(sent.runId) });
      logger.info('sast scan dispatched', fields);
      return {
        ...base,
        status: 'pending',
        ...(sent.jobId === undefined ? {} : { jobId: sent.jobId }),
        ...(sent.runUrl === undefined ? {} : { runUrl: sent.runUrl }),
      };
    } catch (err) {
      const error = `dispatch failed: ${reasonOf(err)}`;
      logger.warn('sast scan dispatch failed', { ...fields, error });
      await store.scans.update(tenantId, scan.id, { status: 'failed', statusDetail: error });
      return { ...base, status: 'failed', error };
    }
  }
}
