import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { JOB_STATUSES, jobPageSchema, jobSchema } from '@scanrelay/api-schema';
import type { ApiServices, AppEnv } from '../app-env.js';
import { notFound } from '../errors/api-problem.js';
import { requireScope } from '../middleware/require-scope.js';
import { csvEnum, pageQuerySchema, problems, textFilter, uuidParamSchema } from '../schemas/common.js';
import { jobView } from '../schemas/job-view.js';

export function registerJobs(app: OpenAPIHono<AppEnv>, services: ApiServices): void {
  const read = requireScope(services, 'read');

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/jobs',
      tags: ['jobs'],
      summary: 'List jobs, newest first',
      middleware: [read] as const,
      security: [{ apiKey: [] }],
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
      return c.json({ items: page.items.map(jobView), nextCursor: page.nextCursor }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/jobs/{id}',
      tags: ['jobs'],
      summary: 'A job: status, progress, result or error',
      middleware: [read] as const,
      security: [{ apiKey: [] }],
      request: { params: uuidParamSchema },
      responses: {
        200: { description: 'The job', content: { 'application/json': { schema: jobSchema } } },
        ...problems(401, 403, 404),
      },
    }),
    async (c) => {
      const job = await services.store.jobs.get(c.get('principal').tenant.id, c.req.valid('param').id);
      if (!job) throw notFound('job');
      return c.json(jobView(job), 200);
    },
  );
}
