import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { IMPORT_TYPES, ingest, isCoreError } from '@scanrelay/core';
import { fromSecureCodeBox, SCAN_KINDS } from '@scanrelay/findings-schema';
import { bodyLimit } from 'hono/body-limit';
import type { ApiServices, AppEnv } from '../app-env.js';
import { ApiProblem } from '../errors/api-problem.js';
import { requireScope } from '../middleware/require-scope.js';
import { problems } from '../schemas/common.js';
import { stableUuid } from '../webhook/stable-uuid.js';

const name = z.string().trim().min(1).max(200);

export const findingsIngestBodySchema = z
  .object({
    project: name.openapi({ example: 'shop-frontend' }),
    scan: z
      .object({
        id: z.uuid().optional().openapi({ description: 'An existing scanrelay scan of this project' }),
        externalId: z
          .string()
          .min(1)
          .max(200)
          .optional()
          .openapi({ description: 'The provider’s scan id, e.g. the Invicti scan id' }),
        provider: name.default('invicti'),
        kind: z.enum(SCAN_KINDS).default('dast'),
        target: z.string().max(2000).optional(),
      })
      .refine((s) => s.id || s.externalId, { message: 'give scan.id or scan.externalId' }),
    importType: z.enum(IMPORT_TYPES).default('merge'),
    findings: z.array(z.unknown()).openapi({ description: 'secureCodeBox findings (findings.json)' }),
  })
  .openapi('FindingsIngest');

export const findingsIngestResultSchema = z
  .object({
    scanId: z.string(),
    project: z.string(),
    replayed: z.boolean(),
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    reopened: z.number().int(),
    fixed: z.number().int(),
    total: z.number().int(),
    counts: z.record(z.string(), z.number()),
    verdict: z.enum(['pass', 'fail']),
    score: z.number(),
  })
  .openapi('FindingsIngestResult');

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
          scanId = existing?.id ?? stableUuid(`scan:${tenantId}:${provider}:${externalId}`);
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
            throw new ApiProblem(
              err.code === 'not_found' ? 'NOT_FOUND' : 'VALIDATION_FAILED',
              err.message.replace(/^@scanrelay\/core: /, ''),
              {
                errors: [{ path, message: err.message.replace(/^@scanrelay\/core: /, '') }],
                cause: err,
              },
            );
          }
          throw err;
        }
      },
    );
  }
}
