import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { type FetchInvictiIssuesInput, JOB_TYPES } from '@scanrelay/core';
import type { ApiServices, AppEnv } from '../app-env.js';
import { enqueueJob } from '../enqueue-job.js';
import { ApiProblem } from '../errors/api-problem.js';
import { problems } from '../schemas/common.js';
import type { createTaskTracker } from '../task-tracker.js';
import { checkWebhookAuth } from '../webhook/check-webhook-auth.js';
import { findScanId } from '../webhook/find-scan-id.js';
import { DELIVERY_SOURCE, markTriggerFailed, recordTrigger, SCAN_SOURCE } from '../webhook/record-trigger.js';
import { stableUuid } from '../webhook/stable-uuid.js';

const DELIVERY_HEADERS = ['x-webhook-id', 'webhook-id', 'x-delivery-id', 'x-request-id'];

export const webhookAcceptedSchema = z
  .object({
    accepted: z.boolean(),
    duplicate: z.boolean(),
    scanId: z.string(),
    deliveryId: z.string(),
    mode: z.enum(['worker', 'workflow']),
    jobId: z.string().optional(),
  })
  .openapi('WebhookAccepted');

const projectName = z.string().trim().min(1).max(200);

/**
 * `POST /api/v1/webhooks/invicti-scan-complete`: Invicti says a scan completed. The body is only a
 * trigger carrying the scan id. Recorded once per delivery id and once per scan id; answers 202 at
 * once and either queues `fetch-invicti-issues` or dispatches the `fetch-invicti-results` workflow in
 * the background with `{scan_id}` as its only input.
 */
export function registerInvictiWebhook(
  app: OpenAPIHono<AppEnv>,
  services: ApiServices,
  tasks: ReturnType<typeof createTaskTracker>,
): void {
  const { store, config, logger, metrics } = services;
  const hook = config.invictiWebhook;
  if (hook.mode === 'workflow' && (!services.dispatcher || !hook.workflow)) {
    throw new TypeError(
      '@scanrelay/api: invictiWebhook.mode "workflow" needs a dispatcher and invictiWebhook.workflow {owner, repo}',
    );
  }

  let tenantId: string | undefined;
  const webhookTenant = async () => {
    tenantId ??= (await store.tenants.getOrCreate(hook.tenant)).id;
    return tenantId;
  };

  app.post('/api/v1/webhooks/invicti-scan-complete', async (c) => {
    const body = await readBody(c.req.raw, config.limits.webhookBytes);
    const caller = await checkWebhookAuth(c.req.raw.headers, body, hook);
    const url = new URL(c.req.url);
    const scanId = findScanId(url.searchParams, body, c.req.header('content-type') ?? '');
    if (!scanId) {
      metrics.webhookReceived(DELIVERY_SOURCE, 'invalid');
      throw new ApiProblem(
        'VALIDATION_FAILED',
        'no Invicti scan id found (looked at ?scanId=, ScanId, scanId, Issue.LatestScanId, Target.ScanId)',
        {
          errors: [{ path: 'ScanId', message: 'expected a scan GUID' }],
        },
      );
    }
    const project = projectName.safeParse(url.searchParams.get('project') ?? hook.project);
    if (!project.success)
      throw new ApiProblem('VALIDATION_FAILED', 'invalid project', {
        errors: [{ path: 'project', message: project.error.issues[0]?.message ?? '' }],
      });
    const headerId = DELIVERY_HEADERS.map((h) => c.req.header(h)).find((v) => v && v.length <= 200);
    const deliveryId = caller.deliveryId ?? headerId ?? `scan:${scanId}`;
    const answer = (duplicate: boolean, jobId?: string) =>
      c.json(
        { accepted: !duplicate, duplicate, scanId, deliveryId, mode: hook.mode, ...(jobId ? { jobId } : {}) },
        202,
      );

    if (hook.mode === 'worker') {
      // Both records and the job row in one transaction (one commit), then the queue message.
      const tenantId = await webhookTenant();
      const input: FetchInvictiIssuesInput = { scanId, project: project.data, deliveryId };
      const jobId = stableUuid(`invicti:${tenantId}:${scanId}`);
      const isNew = await store.transaction(async (tx) => {
        if (!(await recordTrigger(tx, deliveryId, scanId, 'accepted'))) return false;
        const job = await tx.jobs.create({ id: jobId, tenantId, type: JOB_TYPES.fetchInvictiIssues, input });
        // A retry after the queue refused: the job runs again.
        if (job.status === 'failed') await tx.jobs.update(jobId, { status: 'queued', error: null });
        return true;
      });
      if (!isNew) {
        metrics.webhookReceived(DELIVERY_SOURCE, 'duplicate');
        return answer(true);
      }
      try {
        await enqueueJob(services, { id: jobId, tenantId, type: JOB_TYPES.fetchInvictiIssues, input });
      } catch (err) {
        await markTriggerFailed(store, deliveryId, scanId, (err as Error).message);
        throw err;
      }
      metrics.webhookReceived(DELIVERY_SOURCE, 'accepted');
      logger.info('invicti scan complete: fetch queued', { scanId, jobId, via: caller.via });
      return answer(false, jobId);
    }

    if (!(await recordTrigger(store, deliveryId, scanId, 'pending'))) {
      metrics.webhookReceived(DELIVERY_SOURCE, 'duplicate');
      return answer(true);
    }
    const workflow = hook.workflow!;
    const dispatcher = services.dispatcher!;
    tasks.run(async () => {
      try {
        const result = await dispatcher.dispatch({
          target: {
            kind: 'workflow_dispatch',
            owner: workflow.owner,
            repo: workflow.repo,
            workflow: workflow.workflow,
            ref: workflow.ref,
          },
          payload: { scan_id: scanId },
          correlationId: stableUuid(`invicti-dispatch:${scanId}`),
        });
        await store.deliveries.setOutcome(
          DELIVERY_SOURCE,
          deliveryId,
          'accepted',
          `dispatched ${workflow.workflow}${result.runId ? ` run ${result.runId}` : ''}`,
        );
        await store.deliveries.setOutcome(SCAN_SOURCE, scanId, 'accepted');
        metrics.webhookReceived(DELIVERY_SOURCE, 'dispatched');
        logger.info('invicti scan complete: workflow dispatched', {
          scanId,
          workflow: workflow.workflow,
          runId: result.runId,
        });
      } catch (err) {
        metrics.webhookReceived(DELIVERY_SOURCE, 'dispatch_failed');
        logger.error('invicti scan complete: dispatch failed', { scanId, err });
        await markTriggerFailed(store, deliveryId, scanId, (err as Error).message);
      }
    });
    return answer(false);
  });

  app.openAPIRegistry.registerPath({
    method: 'post',
    path: '/api/v1/webhooks/invicti-scan-complete',
    tags: ['webhooks'],
    summary: 'Invicti scan completed: fetch its issues (worker) or dispatch the results workflow',
    description:
      'Authenticated by `Authorization: Bearer <webhook token>` or a scanrelay HMAC signature (x-webhook-signature). ' +
      'The body (JSON or form) is only a trigger: the scan id is read from ?scanId=, ScanId, scanId, Issue.LatestScanId or Target.ScanId. ' +
      'Idempotent per delivery id and per scan id: a repeat answers 202 with duplicate=true.',
    request: { query: z.object({ scanId: z.string().optional(), project: z.string().optional() }) },
    responses: {
      202: {
        description: 'Accepted (or a duplicate)',
        content: { 'application/json': { schema: webhookAcceptedSchema } },
      },
      ...problems(400, 401, 413),
    },
  });
}

async function readBody(request: Request, max: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  const tooLarge = () => new ApiProblem('PAYLOAD_TOO_LARGE', `the webhook body is larger than ${max} bytes`);
  if (declared > max) throw tooLarge();
  if (!request.body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
