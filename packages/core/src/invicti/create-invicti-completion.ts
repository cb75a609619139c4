import type { Dispatcher } from '@scanrelay/dispatch';
import type { JobInput, Store } from '@scanrelay/storage/types';
import { type FetchInvictiIssuesInput, JOB_TYPES } from '../jobs/job-contract.js';
import { type Logger, silentLogger } from '../logger.js';
import type { WebhookMetrics } from '../metrics.js';
import { invictiDispatchCorrelationId, invictiFetchJobId } from '../scan-identity.js';
import { ensureInvictiScan } from './ensure-invicti-scan.js';
import type { InvictiWebhookConfig } from './invicti-webhook-config.js';
import {
  INVICTI_TRIGGER_SOURCES,
  markTriggerAccepted,
  markTriggerFailed,
  recordRefusal,
  recordTrigger,
} from './record-trigger.js';

/** Creates the job record and its queue message, both idempotent on the id; throws when the queue refuses. */
export type EnqueueJob = (job: JobInput & { id: string }) => Promise<unknown>;

export interface InvictiCompletionDeps {
  store: Store;
  config: Pick<InvictiWebhookConfig, 'mode' | 'tenant' | 'workflow'>;
  /** Mode `worker`: queues the fetch-invicti-issues job. */
  enqueue: EnqueueJob;
  /**
   * Mode `worker`: sends the queue message of the job whose record the trigger's transaction has just
   * written (idempotent on the id; throws when the queue refuses). Default: `enqueue`.
   */
  sendQueued?: EnqueueJob;
  /** Mode `workflow`: dispatches the results workflow. */
  dispatcher?: Dispatcher;
  /** Runs the dispatch after the sender has its answer (e.g. a tracker that shutdown drains). */
  background?: (task: () => Promise<void>) => void;
  logger?: Logger;
  metrics?: WebhookMetrics;
}

/** One scan-complete delivery, authenticated and parsed by the receiver. */
export interface InvictiTrigger {
  /** The Invicti scan id, lower-case with dashes. */
  scanId: string;
  project: string;
  deliveryId: string;
  /** How the sender proved itself (for the log). */
  via?: string;
}

export interface InvictiTriggerOutcome {
  /** True when this delivery, or another delivery of this scan, was already handled. */
  duplicate: boolean;
  /** The fetch job (mode `worker`). */
  jobId?: string;
}

export interface InvictiCompletion {
  readonly mode: InvictiWebhookConfig['mode'];
  accept(trigger: InvictiTrigger): Promise<InvictiTriggerOutcome>;
  /** Keeps an authenticated delivery that the receiver refused, with the reason (for admins). */
  refuse(deliveryId: string, detail: string): Promise<void>;
}

/**
 * Invicti says a scan completed: record the trigger once per delivery and once per scan, then queue
 * `fetch-invicti-issues` (mode `worker`) or dispatch the `fetch-invicti-results` workflow in the
 * background with `{scan_id}` as its only input (mode `workflow`). A failure marks the trigger failed,
 * so that the sender's retry is accepted.
 */
export function createInvictiCompletion(deps: InvictiCompletionDeps): InvictiCompletion {
  const { store, config } = deps;
  const logger = deps.logger ?? silentLogger;
  const count = (outcome: string) => deps.metrics?.webhookReceived(INVICTI_TRIGGER_SOURCES.delivery, outcome);
  const { dispatcher } = deps;
  const send = deps.sendQueued ?? deps.enqueue;
  const workflow = config.workflow;
  if (config.mode === 'workflow' && (!dispatcher || !workflow))
    throw new TypeError(
      '@scanrelay/core: mode "workflow" needs a dispatcher and config.workflow {owner, repo}',
    );
  let tenantId: string | undefined;
  const tenantOf = async () => {
    tenantId ??= (await store.tenants.getOrCreate(config.tenant)).id;
    return tenantId;
  };
  // Project ids by name, learnt from committed scans (projects are never renamed or deleted): a
  // delivery for a known project does not look it up again.
  const projectIds = new Map<string, string>();
  const PROJECTS_KEPT = 1000;
  /** Runs the trigger's transaction; a failure forgets the project (it may be what failed). */
  const inTransaction = async <T>(t: InvictiTrigger, fn: (tx: Store) => Promise<T>): Promise<T> => {
    try {
      return await store.transaction(fn);
    } catch (err) {
      projectIds.delete(t.project);
      throw err;
    }
  };
  /** The stored scan of the trigger, created if new; the function returned remembers its project. */
  const ensureScan = async (tx: Store, t: InvictiTrigger, tenant: string) => {
    const { scan } = await ensureInvictiScan(tx, {
      tenantId: tenant,
      scanId: t.scanId,
      project: t.project,
      status: 'running',
      projectId: projectIds.get(t.project),
    });
    // The scan may be of another project (an earlier registration): only a match names this one.
    return () => {
      if (scan.project !== t.project) return;
      if (projectIds.size >= PROJECTS_KEPT) projectIds.clear();
      projectIds.set(t.project, scan.projectId);
    };
  };

  async function queueFetch(t: InvictiTrigger): Promise<InvictiTriggerOutcome> {
    const tenant = await tenantOf();
    const input: FetchInvictiIssuesInput = { scanId: t.scanId, project: t.project, deliveryId: t.deliveryId };
    const job = {
      id: invictiFetchJobId(tenant, t.scanId),
      tenantId: tenant,
      type: JOB_TYPES.fetchInvictiIssues,
      input,
    };
    // Both records and the job row in one transaction (one commit), then the queue message.
    const remember = await inTransaction(t, async (tx) => {
      if (!(await recordTrigger(tx, t.deliveryId, t.scanId, 'accepted', tenant))) return undefined;
      // The scan is known from now on: listed, re-fetchable by an admin, swept if its fetch fails for good.
      const committed = await ensureScan(tx, t, tenant);
      const created = await tx.jobs.create(job);
      // A retry after the queue refused: the job runs again.
      if (created.status === 'failed') await tx.jobs.update(job.id, { status: 'queued', error: null });
      return committed;
    });
    remember?.();
    if (!remember) {
      count('duplicate');
      return { duplicate: true };
    }
    try {
      await send(job);
    } catch (err) {
      await markTriggerFailed(store, t.deliveryId, t.scanId, (err as Error).message);
      throw err;
    }
    count('accepted');
    logger.info('invicti scan complete: fetch queued', { scanId: t.scanId, jobId: job.id, via: t.via });
    return { duplicate: false, jobId: job.id };
  }

  async function dispatch(t: InvictiTrigger): Promise<void> {
    const wf = workflow!;
    try {
      const result = await dispatcher!.dispatch({
        target: {
          kind: 'workflow_dispatch',
          owner: wf.owner,
          repo: wf.repo,
          workflow: wf.workflow,
          ref: wf.ref,
        },
        payload: { scan_id: t.scanId },
        correlationId: invictiDispatchCorrelationId(t.scanId),
      });
      const detail = `dispatched ${wf.workflow}${result.runId ? ` run ${result.runId}` : ''}`;
      await markTriggerAccepted(store, t.deliveryId, t.scanId, detail);
      count('dispatched');
      logger.info('invicti scan complete: workflow dispatched', {
        scanId: t.scanId,
        workflow: wf.workflow,
        runId: result.runId,
      });
    } catch (err) {
      count('dispatch_failed');
      logger.error('invicti scan complete: dispatch failed', { scanId: t.scanId, err });
      await markTriggerFailed(store, t.deliveryId, t.scanId, (err as Error).message);
    }
  }

  async function triggerWorkflow(t: InvictiTrigger): Promise<InvictiTriggerOutcome> {
    const tenant = await tenantOf();
    const remember = await inTransaction(t, async (tx) => {
      if (!(await recordTrigger(tx, t.deliveryId, t.scanId, 'pending', tenant))) return undefined;
      // Known from now on, as in worker mode: the workflow's bare findings.json post finds it by project.
      return ensureScan(tx, t, tenant);
    });
    remember?.();
    if (!remember) {
      count('duplicate');
      return { duplicate: true };
    }
    const run = deps.background ?? ((task) => void task());
    run(() => dispatch(t));
    return { duplicate: false };
  }

  return {
    mode: config.mode,
    accept: (trigger) => (config.mode === 'worker' ? queueFetch(trigger) : triggerWorkflow(trigger)),
    refuse: async (deliveryId, detail) => {
      count('invalid');
      await recordRefusal(store, deliveryId, await tenantOf(), detail);
    },
  };
}
