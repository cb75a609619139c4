import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { findingsIngestBodySchema, findingsIngestResultSchema } from '@scanrelay/api-schema';
import { ingest, isCoreError, scanIdFor } from '@scanrelay/core';
import { fromSecureCodeBox } from '@scanrelay/findings-schema';
import { bodyLimit } from 'hono/body-limit';
import type { ApiServices, AppEnv } from '../app-env.js';
import { ApiProblem } from '../errors/api-problem.js';
import { requireScope } from '../middleware/require-scope.js';
import { problems } from '../schemas/common.js';

/**
 * `POST /v1/findings` and `POST /api/v1/findings`: a secureCodeBox findings array (what `scanrelay
 * invicti issues` writes) with a project and a scan reference, ingested at once: validated,
 * deduplicated, scored, the scan marked completed. The same provider scan posted twice writes once.
 */
export function registerFindingsIngest(app: OpenAPIHono<AppEnv>, services: ApiServices): void {
  const { store, config } = services;
  const limit = bodyLimit({
    maxSize: config.limits.jsonBytes,
    onError: () => {
      throw new ApiProblem('PAYLOAD_TOO_LARGE', `the body is larger than ${config.limits.jsonBytes} bytes`);
    },
  });
  for (const path of ['/v1/findings', '/api/v1/findings'] as const) {
    app.openapi(
      createRoute({
        method: 'post',
        path,
        tags: ['findings'],
        summary: 'Ingest secureCodeBox findings for a scan and mark it completed',
        hide: path === '/v1/findings',
        middleware: [requireScope(services, 'upload'), limit] as const,
        security: [{ apiKey: [] }],
        request: {
          body: { required: true, content: { 'application/json': { schema: findingsIngestBodySchema } } },
        },
        responses: {
          200: {
            description: 'Ingested (or already ingested: replayed=true)',
            content: { 'application/json': { schema: findingsIngestResultSchema } },
          },
          ...problems(400, 401, 403, 404, 413, 415),
        },
      }),
      async (c) => {
        const body = c.req.valid('json');
        const tenantId = c.get('principal').tenant.id;
        const findings = fromSecureCodeBox(body.findings);
        const { provider, kind, externalId, target } = body.scan;
        let scanId = body.scan.id;
        if (!scanId && externalId) {
          const existing = await store.scans.getByExternalId(tenantId, provider, externalId);
          scanId = existing?.id ?? scanIdFor(tenantId, provider, externalId);
        }
        try {
          const r = await ingest(store, {
            tenant: tenantId,
            project: body.project,
            scan: { id: scanId, provider, kind, externalId, target },
            findings,
            mode: body.importType,
          });
          if (!r.replayed) {
            for (const k of ['created', 'updated', 'unchanged', 'reopened', 'fixed'] as const)
              services.metrics.findingsIngested(k, r[k]);
          }
          return c.json(
            {
              scanId: r.scanId,
              project: r.project,
              replayed: r.replayed,
              created: r.created,
              updated: r.updated,
              unchanged: r.unchanged,
              reopened: r.reopened,
              fixed: r.fixed,
              total: r.total,
              counts: r.counts,
              verdict: r.verdict,
              score: r.score,
            },
            200,
          );
        } catch (err) {
          if (isCoreError(err)) {
            const path =
              'index' in err
                ? `findings.${String(err.index)}${(err as { path?: string }).path ? `.${(err as { path?: string }).path}` : ''}`
                : 'scan';
            throw new ApiProblem(err.code === 'not_found' ? 'NOT_FOUND' : 'VALIDATION_FAILED', err.detail, {
              errors: [{ path, message: err.detail }],
              cause: err,
            });
          }
          throw err;
        }
      },
    );
  }
}
