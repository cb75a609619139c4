import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { JOB_STATUSES, type Job, jobPageSchema, jobSchema } from '@scanrelay/api-schema';
import type { JobRecord } from '@scanrelay/storage';
import type { ApiServices, AppEnv } from '../app-env.js';
import { API_KEY_SECURITY } from '../docs/security-schemes.js';
import { notFound } from '../errors/api-problem.js';
import { requireScope } from '../middleware/require-scope.js';
import { csvEnum, pageQuerySchema, problems, textFilter, uuidParamSchema } from '../schemas/common.js';
import { jobView } from '../schemas/job-view.js';
import { forwardView } from './forward-view.js';

/** The job as shown: sealed credentials are never part of any read, even encrypted. */
function shownJob(job: JobRecord): Job {
  const view = jobView(job);
  if (view.input && typeof view.input === 'object' && 'sealedCredentials' in view.input) {
    const { sealedCredentials: _s, ...input } = view.input as Record<string, unknown>;
    return { ...view, input };
  }
  return view;
}

export function registerJobs(app: OpenAPIHono<AppEnv>, services: ApiServices): void {
  const read = requireScope(services, 'read');

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/jobs',
      operationId: 'listJobs',
      tags: ['jobs'],
      summary: 'List jobs, newest first',
      middleware: [read] as const,
      security: API_KEY_SECURITY,
      request: {
        query: pageQuerySchema.extend({
          type: textFilter(64).openapi({ example: 'process-upload' }),
          status: csvEnum(JOB_STATUSES),
        }),
      },
      responses: {
        200: { description: 'A page of jobs', content: { 'application/json': { schema: jobPageSchema } } },
        ...problems(400, 401, 403),
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const page = await services.store.jobs.list(c.get('principal').tenant.id, {
        limit: q.limit,
        cursor: q.cursor,
        type: q.type,
        status: q.status,
      });
      return c.json({ items: page.items.map(shownJob), nextCursor: page.nextCursor }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/jobs/{id}',
      operationId: 'getJob',
      tags: ['jobs'],
      summary: 'A job: status, progress, result or error, and the forwards of the scan it ingested',
      middleware: [read] as const,
      security: API_KEY_SECURITY,
      request: { params: uuidParamSchema },
      responses: {
        200: { description: 'The job', content: { 'application/json': { schema: jobSchema } } },
        ...problems(401, 403, 404),
      },
    }),
    async (c) => {
      const tenantId = c.get('principal').tenant.id;
      const job = await services.store.jobs.get(tenantId, c.req.valid('param').id);
      if (!job) throw notFound('job');
      // The live per-destination state of the scan the job ingested (the result holds its id).
      const scanId = (job.result as { scanId?: unknown } | undefined)?.scanId;
      const forwards =
        typeof scanId === 'string' ? await services.store.forwards.listForScan(tenantId, scanId) : [];
      const view = shownJob(job);
      return c.json(forwards.length > 0 ? { ...view, forwards: forwards.map(forwardView) } : view, 200);
    },
  );
}
