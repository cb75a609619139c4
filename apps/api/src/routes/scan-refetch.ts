import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { scanRefetchSchema } from '@scanrelay/api-schema';
import { createJobSender, INVICTI_PROVIDER, queueInvictiFetch } from '@scanrelay/core';
import type { ApiServices, AppEnv } from '../app-env.js';
import { API_KEY_SECURITY } from '../docs/security-schemes.js';
import { ApiProblem, notFound } from '../errors/api-problem.js';
import { requireScope } from '../middleware/require-scope.js';
import { problems, uuidParamSchema } from '../schemas/common.js';

/**
 * `POST /api/v1/scans/{id}/refetch` (scope admin): runs the fetch of an Invicti scan's results again,
 * also after an earlier attempt failed or went dead. The job is the scan's one fetch job (idempotent:
 * a scan already ingested is not written twice); one already queued or running is left alone.
 */
export function registerScanRefetch(app: OpenAPIHono<AppEnv>, services: ApiServices): void {
  const send = createJobSender(services.queue, services.config.queueName);
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/scans/{id}/refetch',
      operationId: 'refetchScan',
      tags: ['scans'],
      summary: 'Fetch an Invicti scan’s results again (admin)',
      middleware: [requireScope(services, 'admin')] as const,
      security: API_KEY_SECURITY,
      request: { params: uuidParamSchema },
      responses: {
        202: {
          description: 'The fetch job is queued (or already was)',
          content: { 'application/json': { schema: scanRefetchSchema } },
        },
        ...problems(401, 403, 404, 409, 503),
      },
    }),
    async (c) => {
      const scan = await services.store.scans.get(c.get('principal').tenant.id, c.req.valid('param').id);
      if (!scan) throw notFound('scan');
      if (scan.provider !== INVICTI_PROVIDER || !scan.externalId)
        throw new ApiProblem(
          'CONFLICT',
          `scan ${scan.id} is a ${scan.provider} scan: only Invicti scans are fetched by the service`,
        );
      let outcome: Awaited<ReturnType<typeof queueInvictiFetch>>;
      try {
        outcome = await queueInvictiFetch({ store: services.store, send }, scan);
      } catch (cause) {
        services.logger.error('refetch: enqueue failed', { scanId: scan.id, err: cause });
        throw new ApiProblem('SERVICE_UNAVAILABLE', 'the job queue is unavailable; try again later', {
          cause,
        });
      }
      return c.json({ scanId: scan.id, jobId: outcome.job.id, queued: outcome.queued }, 202);
    },
  );
}
