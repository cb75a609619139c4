import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { ApiServices, AppEnv } from '../app-env.js';
import { ApiProblem } from '../errors/api-problem.js';
import { isLoopbackAddress, isMetricsTokenValid } from '../metrics-token.js';

/**
 * Who may read `GET /metrics` on the API's port. With a `token`, any caller that sends it as a bearer
 * token; with `onApiPort: false`, nobody (metrics are on a separate listener, `startMetricsServer`);
 * otherwise only loopback callers, since the API port is often public (the image binds 0.0.0.0).
 */
export interface MetricsAccess {
  token?: string;
  onApiPort?: boolean;
}

/** `GET /metrics`: Prometheus text format, guarded as `access` says. */
export function registerMetrics(
  app: OpenAPIHono<AppEnv>,
  services: ApiServices,
  access: MetricsAccess = {},
): void {
  services.metrics.setQueueCounts(async () => ({
    [services.config.queueName]: await services.queue.counts(services.config.queueName),
  }));
  if (access.onApiPort === false) return;
  app.get('/metrics', async (c) => {
    if (access.token) {
      if (!isMetricsTokenValid(c.req.header('authorization'), access.token))
        throw new ApiProblem('UNAUTHORIZED', 'send the metrics token as "Authorization: Bearer <token>"');
    } else if (!isLoopbackAddress(remoteAddress(c))) {
      throw new ApiProblem(
        'FORBIDDEN',
        'metrics are served to loopback callers only; configure server.metricsToken or server.metricsPort',
      );
    }
    const text = await services.metrics.render();
    return c.body(text, 200, { 'content-type': services.metrics.contentType });
  });
}

/** The peer's address under @hono/node-server; undefined elsewhere (such callers are refused). */
function remoteAddress(c: Context): string | undefined {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress;
}
