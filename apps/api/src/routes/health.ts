import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { healthSchema } from '@scanrelay/api-schema';
import { checkHealth } from '@scanrelay/core';
import type { ApiServices, AppEnv } from '../app-env.js';
import { NO_SECURITY } from '../docs/security-schemes.js';

const route = createRoute({
  method: 'get',
  path: '/api/v1/health',
  operationId: 'getHealth',
  tags: ['service'],
  summary: 'Database and queue reachability, and the version',
  security: NO_SECURITY,
  responses: {
    200: { description: 'Everything answers', content: { 'application/json': { schema: healthSchema } } },
    503: {
      description: 'The database or the queue does not answer',
      content: { 'application/json': { schema: healthSchema } },
    },
  },
});

export function registerHealth(app: OpenAPIHono<AppEnv>, services: ApiServices): void {
  app.openapi(route, async (c) => {
    const { ok, database, queue } = await checkHealth(services.store, services.queue);
    const body = {
      status: ok ? ('ok' as const) : ('degraded' as const),
      version: services.config.version,
      database,
      queue,
    };
    return ok ? c.json(body, 200) : c.json(body, 503);
  });
}
