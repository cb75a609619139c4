import { randomUUID } from 'node:crypto';
import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { projectNameSchema, webhookAcceptedSchema } from '@scanrelay/api-schema';
import { createInvictiCompletion } from '@scanrelay/core';
import type { ApiServices, AppEnv } from '../app-env.js';
import { INVICTI_WEBHOOK_SECURITY } from '../docs/security-schemes.js';
import { enqueueJob, sendQueuedJob } from '../enqueue-job.js';
import { ApiProblem } from '../errors/api-problem.js';
import { problems } from '../schemas/common.js';
import type { createTaskTracker } from '../task-tracker.js';
import { createWebhookAuth } from '../webhook/create-webhook-auth.js';
import { readTrigger, type TriggerTarget } from '../webhook/read-trigger.js';

const DELIVERY_HEADERS = ['x-webhook-id', 'webhook-id', 'x-delivery-id', 'x-request-id'];

/** For the OpenAPI document only: the body is a trigger, read by `readTrigger` wherever the id is. */
const invictiTriggerDoc = z
  .looseObject({
    ScanId: z.string().optional(),
    scanId: z.string().optional(),
    project: projectNameSchema.optional(),
    Issue: z.looseObject({ LatestScanId: z.string().optional() }).optional(),
    Target: z.looseObject({ ScanId: z.string().optional() }).optional(),
  })
  .meta({
    id: 'InvictiTrigger',
    description:
      'Whatever Invicti’s webhook integration sends (JSON, or a form whose fields may hold JSON): only the scan ' +
      'id (ScanId, scanId, scan_id, ScanTaskId or LatestScanId, at the top or under Issue, Target, Scan or ' +
      'data) and `project` are read.',
  });

/**
 * `POST /api/v1/webhooks/invicti-scan-complete`: Invicti says a scan completed. The body is only a
 * trigger carrying the scan id. This route authenticates, finds the scan id and answers 202 at once;
 * core's Invicti completion flow records the trigger once per delivery and per scan and queues
 * `fetch-invicti-issues` or dispatches the `fetch-invicti-results` workflow in the background.
 */
export function registerInvictiWebhook(
  app: OpenAPIHono<AppEnv>,
  services: ApiServices,
  tasks: ReturnType<typeof createTaskTracker>,
): void {
  const { config } = services;
  const hook = config.invictiWebhook;
  if (hook.mode === 'workflow' && (!services.dispatcher || !hook.workflow)) {
    throw new TypeError(
      '@scanrelay/api: invictiWebhook.mode "workflow" needs a dispatcher and invictiWebhook.workflow {owner, repo}',
    );
  }
  const auth = createWebhookAuth({ ...hook, maxBodyBytes: config.limits.webhookBytes });
  const completion = createInvictiCompletion({
    store: services.store,
    config: hook,
    enqueue: (job) => enqueueJob(services, job),
    // The job record is written in the trigger's transaction: only the queue message is left.
    sendQueued: (job) => sendQueuedJob(services, job),
    dispatcher: services.dispatcher,
    background: (task) => tasks.run(task),
    logger: services.logger,
    metrics: services.metrics,
  });

  app.post('/api/v1/webhooks/invicti-scan-complete', auth, async (c) => {
    const caller = c.get('webhookCaller');
    const headerId = DELIVERY_HEADERS.map((h) => c.req.header(h)).find((v) => v && v.length <= 200);
    let target: TriggerTarget;
    let project: string;
    try {
      target = readTrigger({
        via: caller.via,
        query: new URL(c.req.url).searchParams,
        body: caller.body,
        contentType: c.req.header('content-type') ?? '',
        defaultProject: hook.project,
      });
      const parsed = projectNameSchema.safeParse(target.project);
      if (!parsed.success)
        throw new ApiProblem('VALIDATION_FAILED', 'invalid project', {
          errors: [{ path: 'project', message: parsed.error.issues[0]?.message ?? '' }],
        });
      project = parsed.data;
    } catch (err) {
      // An authenticated delivery that was refused is kept with its reason, for admins.
      if (err instanceof ApiProblem)
        await completion.refuse(caller.deliveryId ?? headerId ?? `refused:${randomUUID()}`, err.detail);
      throw err;
    }
    const { scanId } = target;
    const deliveryId = caller.deliveryId ?? headerId ?? `scan:${scanId}`;
    const { duplicate, jobId } = await completion.accept({
      scanId,
      project,
      deliveryId,
      via: caller.via,
    });
    return c.json(
      { accepted: !duplicate, duplicate, scanId, deliveryId, mode: hook.mode, ...(jobId ? { jobId } : {}) },
      202,
    );
  });

  app.openAPIRegistry.registerPath({
    method: 'post',
    path: '/api/v1/webhooks/invicti-scan-complete',
    operationId: 'invictiScanComplete',
    tags: ['webhooks'],
    summary: 'Invicti scan completed: fetch its issues (worker) or dispatch the results workflow',
    description:
      'Authenticated by `Authorization: Bearer <webhook token>` or a scanrelay HMAC signature (x-webhook-signature). ' +
      'The body (JSON or form) is only a trigger: the scan id is read from ?scanId=, ScanId, scanId, Issue.LatestScanId or Target.ScanId. ' +
      'A signed delivery is acted on only as signed: the scan id and `project` come from the signed body, and a ?scanId= or ?project= that disagrees with it answers 400. ' +
      'Idempotent per delivery id and per scan id: a repeat answers 202 with duplicate=true.',
    security: INVICTI_WEBHOOK_SECURITY,
    request: {
      query: z.object({
        scanId: z.string().optional().meta({ description: 'The Invicti scan id (token callers only)' }),
        project: z.string().optional().meta({ description: 'The project (token callers only)' }),
      }),
      body: {
        required: false,
        content: {
          'application/json': { schema: invictiTriggerDoc },
          'application/x-www-form-urlencoded': { schema: invictiTriggerDoc },
        },
      },
    },
    responses: {
      202: {
        description: 'Accepted (or a duplicate)',
        content: { 'application/json': { schema: webhookAcceptedSchema } },
      },
      ...problems(400, 401, 413),
    },
  });
}
