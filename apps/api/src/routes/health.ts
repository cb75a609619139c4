import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { healthSchema } from '@scanrelay/api-schema';
import type { ApiServices, AppEnv } from '../app-env.js';

const route = createRoute({
  method: 'get',
  path: '/api/v1/health',
  tags: ['service'],
  summary: 'Database and queue reachability, and the version',
  responses: {
    200: { description: 'Everything answers', content: { 'application/json': { schema: healthSchema } } },
    503: {
      description: 'The database or the queue does not answer',
      content: { 'application/json': { schema: healthSchema } },
    },
  },
});

/** A dependency that does not answer within this time counts as down. */
const PING_TIMEOUT_MS = 2000;

export function registerHealth(app: OpenAPIHono<AppEnv>, services: ApiServices): void {
  app.openapi(route, async (c) => {
    const [db, queue] = await Promise.all([
      withTimeout(services.store.ping(), PING_TIMEOUT_MS),
      withTimeout(services.queue.ping(), PING_TIMEOUT_MS),
    ]);
    const body = {
      status: db && queue ? ('ok' as const) : ('degraded' as const),
      version: services.config.version,
      database: { ok: db, dialect: services.store.dialect },
      queue: { ok: queue, driver: services.queue.driver },
    };
    return db && queue ? c.json(body, 200) : c.json(body, 503);
  });
}

async function withTimeout(p: Promise<boolean>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([p.catch(() => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
