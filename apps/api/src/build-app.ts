import { OpenAPIHono } from '@hono/zod-openapi';
import type { Forwarding } from '@scanrelay/core';
import type { Dispatcher } from '@scanrelay/dispatch';
import type { Queue } from '@scanrelay/queue';
import type { Store } from '@scanrelay/storage';
import { matchedRoutes } from 'hono/route';
import type { UpgradeWebSocket } from 'hono/ws';
import type { ApiServices, AppEnv } from './app-env.js';
import { type ApiConfigInput, apiConfigSchema } from './config.js';
import { registerDashboard } from './dashboard/index.js';
import { enqueueJob } from './enqueue-job.js';
import { ApiProblem } from './errors/api-problem.js';
import { problemResponse, toProblem, zodFieldErrors } from './errors/to-problem.js';
import { type Logger, silentLogger } from './logger.js';
import { createMetrics, type Metrics } from './metrics.js';
import { accessLog } from './middleware/access-log.js';
import { requestId } from './middleware/request-id.js';
import { registerAdminKeys } from './routes/admin-keys.js';
import { registerAttestationKeys } from './routes/attestation-keys.js';
import { registerBlocklist } from './routes/blocklist.js';
import { registerDocs } from './routes/docs.js';
import { registerFindingsIngest } from './routes/findings-ingest.js';
import { registerFindingsTriage } from './routes/findings-triage.js';
import { registerForwards } from './routes/forwards.js';
import { registerHealth } from './routes/health.js';
import { registerJobLogs } from './routes/job-logs.js';
import { registerJobs } from './routes/jobs.js';
import { type MetricsAccess, registerMetrics } from './routes/metrics.js';
import { registerSastPublish } from './routes/sast-publish.js';
import { registerSastScanResults } from './routes/sast-scan-results.js';
import { registerSastSecurity } from './routes/sast-security.js';
import { registerScanRefetch } from './routes/scan-refetch.js';
import { registerScanRegister } from './routes/scan-register.js';
import { registerScans } from './routes/scans.js';
import { registerSecurityPage } from './routes/security-page.js';
import { registerUpload } from './routes/upload.js';
import { registerVex } from './routes/vex.js';
import { registerWebhookDeliveries } from './routes/webhook-deliveries.js';
import { registerInvictiWebhook } from './routes/webhook-invicti.js';
import { createTaskTracker } from './task-tracker.js';

export interface ApiDeps {
  store: Store;
  queue: Queue;
  /** GitHub dispatches: the Invicti webhook's `workflow` mode and SAST providers on a `github` backend. */
  dispatcher?: Dispatcher;
  config: ApiConfigInput;
  logger?: Logger;
  /** Share one with `createWorker` to expose the worker's counters on this `/metrics`. */
  metrics?: Metrics;
  /** Who may read `/metrics` on the API port; default loopback callers only. */
  metricsAccess?: MetricsAccess;
  /** The destinations uploads are forwarded to (share it with `createWorker`). */
  forwarding?: Forwarding;
  /** The clock of time-dependent rules (SAST scan timeouts, summary expiry); tests inject one. */
  now?: () => Date;
}

export interface BuiltApp {
  app: OpenAPIHono<AppEnv>;
  services: ApiServices;
  /** Aborted by `close()`: log streams end, background work stops taking new tasks. */
  shutdown: AbortController;
  /** Background tasks (webhook dispatches) that `close()` waits for. */
  tasks: ReturnType<typeof createTaskTracker>;
}

/** Builds the hono app with every route. `upgradeWebSocket` comes from the node server wiring. */
export function buildApp(
  deps: ApiDeps,
  upgradeWebSocket?: (app: OpenAPIHono<AppEnv>) => UpgradeWebSocket,
): BuiltApp {
  const config = apiConfigSchema.parse(deps.config);
  const services: ApiServices = {
    store: deps.store,
    queue: deps.queue,
    dispatcher: deps.dispatcher,
    config,
    logger: deps.logger ?? silentLogger,
    metrics: deps.metrics ?? createMetrics(),
    forwarding: deps.forwarding,
    sast: {
      store: deps.store,
      config: config.sast,
      github: deps.dispatcher,
      enqueue: (job) => enqueueJob(services, job),
      outbound: config.outbound,
      now: deps.now,
      logger: deps.logger ?? silentLogger,
    },
  };
  const shutdown = new AbortController();
  const tasks = createTaskTracker();
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const errors = zodFieldErrors(result.error, result.target === 'json' ? undefined : result.target);
        throw new ApiProblem('VALIDATION_FAILED', `invalid ${errors[0]?.path}: ${errors[0]?.message}`, {
          errors,
        });
      }
    },
  });

  app.use('*', requestId());
  app.use('*', accessLog(services.logger));
  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    const route = matchedRoutes(c).findLast((r) => r.method !== 'ALL')?.path ?? 'unmatched';
    services.metrics.observeRequest(c.req.method, route, c.res.status, (performance.now() - started) / 1000);
  });
  app.onError((err, c) => {
    const problem = toProblem(err);
    if (problem.status >= 500)
      services.logger.error('request failed', {
        method: c.req.method,
        path: c.req.path,
        err: problem.cause ?? err,
      });
    return problemResponse(c, problem);
  });
  app.notFound((c) =>
    problemResponse(c, new ApiProblem('NOT_FOUND', `no route for ${c.req.method} ${c.req.path}`)),
  );

  registerHealth(app, services);
  registerMetrics(app, services, deps.metricsAccess);
  registerAdminKeys(app, services);
  registerUpload(app, services);
  registerJobs(app, services);
  registerJobLogs(app, services, upgradeWebSocket?.(app), shutdown.signal);
  registerScanRegister(app, services);
  registerScans(app, services);
  registerForwards(app, services);
  registerScanRefetch(app, services);
  registerFindingsIngest(app, services);
  registerFindingsTriage(app, services);
  registerVex(app, services);
  registerInvictiWebhook(app, services, tasks);
  registerWebhookDeliveries(app, services);
  registerSastPublish(app, services);
  registerSastScanResults(app, services);
  registerSastSecurity(app, services);
  registerBlocklist(app, services);
  registerAttestationKeys(app, services);
  registerSecurityPage(app, services);
  registerDashboard(app, services, shutdown.signal);
  registerDocs(app, services);
  return { app, services, shutdown, tasks };
}
