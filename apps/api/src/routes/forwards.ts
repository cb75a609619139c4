import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import {
  FORWARD_STATUSES,
  forwardListSchema,
  forwardPageSchema,
  forwardRequestSchema,
} from '@scanrelay/api-schema';
import { reforwardScan } from '@scanrelay/core';
import { bodyLimit } from 'hono/body-limit';
import type { ApiServices, AppEnv } from '../app-env.js';
import { API_KEY_SECURITY } from '../docs/security-schemes.js';
import { ApiProblem, notFound } from '../errors/api-problem.js';
import { zodFieldErrors } from '../errors/to-problem.js';
import { requireScope } from '../middleware/require-scope.js';
import { csvEnum, pageQuerySchema, problems, uuidParamSchema } from '../schemas/common.js';
import { forwardView } from './forward-view.js';
import { forwardingOf, forwardProblem } from './forwarding-services.js';
import { readJsonBody } from './read-json-body.js';

/** Forwards: a stored scan sent again, a scan's forwards, and every forward by status (dead-letters). */
export function registerForwards(app: OpenAPIHono<AppEnv>, services: ApiServices): void {
  const { store } = services;
  const read = requireScope(services, 'read');
  const upload = requireScope(services, 'upload');

  app.post('/api/v1/scans/:id/forward', upload, bodyLimit({ maxSize: 64 * 1024 }), async (c) => {
    const tenantId = c.get('principal').tenant.id;
    const id = c.req.param('id');
    if (!(await store.scans.get(tenantId, id))) throw notFound('scan');
    const f = forwardingOf(services);
    if (!f)
      throw new ApiProblem('VALIDATION_FAILED', 'this service has no destinations configured', {
        errors: [{ path: 'destinations', message: 'none configured' }],
      });
    const raw = c.req.header('content-length') === '0' ? {} : await readJsonBody(c);
    const body = forwardRequestSchema.safeParse(raw);
    if (!body.success) {
      const errors = zodFieldErrors(body.error);
      throw new ApiProblem('VALIDATION_FAILED', `invalid ${errors[0]?.path}: ${errors[0]?.message}`, {
        errors,
      });
    }
    try {
      const forwards = await reforwardScan(store, f.forwarding, f.send, {
        tenantId,
        scanId: id,
        destinations: body.data.destinations,
      });
      return c.json({ items: forwards.map(forwardView) }, 202);
    } catch (err) {
      throw forwardProblem(err, 'destinations');
    }
  });
  app.openAPIRegistry.registerPath({
    method: 'post',
    path: '/api/v1/scans/{id}/forward',
    operationId: 'forwardScan',
    tags: ['forwards'],
    summary: "Send a stored scan's findings again to destinations",
    description:
      'Each named destination (absent: the configured defaults) gets a forward with its attempts reset, sent ' +
      "with the service's credentials; a forward still pending or retrying is left as it is. Another " +
      "tenant's scan answers 404.",
    security: API_KEY_SECURITY,
    request: {
      params: uuidParamSchema,
      body: { required: false, content: { 'application/json': { schema: forwardRequestSchema } } },
    },
    responses: {
      202: { description: 'Queued', content: { 'application/json': { schema: forwardListSchema } } },
      ...problems(400, 401, 403, 404, 415),
    },
  });

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/scans/{id}/forwards',
      operationId: 'listScanForwards',
      tags: ['forwards'],
      summary: "A scan's forwards: per destination status, counts, remote ids and last error",
      middleware: [read] as const,
      security: API_KEY_SECURITY,
      request: { params: uuidParamSchema },
      responses: {
        200: { description: 'The forwards', content: { 'application/json': { schema: forwardListSchema } } },
        ...problems(401, 403, 404),
      },
    }),
    async (c) => {
      const tenantId = c.get('principal').tenant.id;
      const { id } = c.req.valid('param');
      if (!(await store.scans.get(tenantId, id))) throw notFound('scan');
      const forwards = await store.forwards.listForScan(tenantId, id);
      return c.json({ items: forwards.map(forwardView) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/forwards',
      operationId: 'listForwards',
      tags: ['forwards'],
      summary: 'List forwards, newest first (`status=dead`: the dead-lettered ones)',
      middleware: [read] as const,
      security: API_KEY_SECURITY,
      request: {
        query: pageQuerySchema.extend({
          status: csvEnum(FORWARD_STATUSES),
          scan_id: z.uuid().optional(),
        }),
      },
      responses: {
        200: {
          description: 'A page of forwards',
          content: { 'application/json': { schema: forwardPageSchema } },
        },
        ...problems(400, 401, 403),
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const page = await store.forwards.list(c.get('principal').tenant.id, {
        limit: q.limit,
        cursor: q.cursor,
        status: q.status,
        scanId: q.scan_id,
      });
      return c.json({ items: page.items.map(forwardView), nextCursor: page.nextCursor }, 200);
    },
  );
}
