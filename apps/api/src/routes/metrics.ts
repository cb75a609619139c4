import { type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { ApiServices, AppEnv } from '../app-env.js';
import { METRICS_TOKEN_SCHEME, METRICS_TOKEN_SECURITY, NO_SECURITY } from '../docs/security-schemes.js';
import { ApiProblem } from '../errors/api-problem.js';
import { isLoopbackAddress, isMetricsTokenValid } from '../metrics-token.js';
import { problems } from '../schemas/common.js';

const METRICS_EXAMPLE =
  '# TYPE scanrelay_http_requests_total counter\nscanrelay_http_requests_total{method="GET",route="/api/v1/health",status="200"} 1\n';

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
  if (access.token)
    app.openAPIRegistry.registerComponent('securitySchemes', 'metricsToken', METRICS_TOKEN_SCHEME);
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/metrics',
    operationId: 'getMetrics',
    tags: ['service'],
    summary: 'Prometheus metrics: HTTP requests, queue depth, jobs, ingested findings, forwards',
    description: access.token
      ? 'For callers that send the metrics token (`server.metricsToken`).'
      : 'For loopback callers only (no credentials): the API port is often public. Configure ' +
        '`server.metricsToken` to scrape from elsewhere, or `server.metricsPort` for a separate listener.',
    security: access.token ? METRICS_TOKEN_SECURITY : NO_SECURITY,
    responses: {
      200: {
        description: 'The Prometheus text exposition format',
        content: { 'text/plain': { schema: z.string().meta({ example: METRICS_EXAMPLE }) } },
      },
      ...(access.token ? problems(401) : problems(403)),
    },
  });
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
