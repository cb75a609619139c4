import type { OpenAPIHono } from '@hono/zod-openapi';
import type { ApiServices, AppEnv } from '../app-env.js';

/** `GET /metrics`: Prometheus text format, unauthenticated (bind it to a private network). */
export function registerMetrics(app: OpenAPIHono<AppEnv>, services: ApiServices): void {
  services.metrics.setQueueCounts(async () => ({
    [services.config.queueName]: await services.queue.counts(services.config.queueName),
  }));
  app.get('/metrics', async (c) => {
    const text = await services.metrics.render();
    return c.body(text, 200, { 'content-type': services.metrics.contentType });
  });
}
