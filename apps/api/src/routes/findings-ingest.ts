import { type OpenAPIHono, z } from '@hono/zod-openapi';
import {
  findingsIngestBodySchema,
  findingsIngestQuerySchema,
  findingsIngestResultSchema,
} from '@scanrelay/api-schema';
import { ingest, isCoreError, scanIdFor, startForwards } from '@scanrelay/core';
import { fromSecureCodeBox, MAX_JSON_DEPTH } from '@scanrelay/findings-schema';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ApiServices, AppEnv } from '../app-env.js';
import { API_KEY_SECURITY } from '../docs/security-schemes.js';
import { ApiProblem } from '../errors/api-problem.js';
import { zodFieldErrors } from '../errors/to-problem.js';
import { requireScope } from '../middleware/require-scope.js';
import { problems } from '../schemas/common.js';
import { docSchemas } from '../schemas/named-schemas.js';
import { forwardingOf } from './forwarding-services.js';
import { readJsonBody } from './read-json-body.js';
import { resolveBareScan } from './resolve-bare-scan.js';

/** A body or query that failed its schema, as a 400 naming the fields. */
function invalid<T>(result: z.ZodSafeParseResult<T>, prefix?: string): T {
  if (result.success) return result.data;
  const errors = zodFieldErrors(result.error, prefix);
  throw new ApiProblem('VALIDATION_FAILED', `invalid ${errors[0]?.path}: ${errors[0]?.message}`, { errors });
}

/** What one post asks for, from the wrapper object or from a bare array and the query. */
interface IngestRequest {
  project: string;
  scan: {
    id?: string;
    existing?: boolean;
    provider: string;
    kind: z.infer<typeof findingsIngestBodySchema>['scan']['kind'];
    externalId?: string;
    target?: string;
  };
  importType: z.infer<typeof findingsIngestBodySchema>['importType'];
  findings: unknown[];
}

async function readRequest(c: Context<AppEnv>, services: ApiServices): Promise<IngestRequest> {
  const body = await readJsonBody(c);
  if (Array.isArray(body)) {
    const q = invalid(findingsIngestQuerySchema.safeParse(c.req.query()), 'query');
    const tenantId = c.get('principal').tenant.id;
    const { project, externalId } = await resolveBareScan(services, tenantId, q);
    return {
      project,
      scan: { provider: q.provider, kind: q.kind, externalId },
      importType: q.import_type,
      findings: body,
    };
  }
  const b = invalid(findingsIngestBodySchema.safeParse(body));
  return { ...b, scan: { ...b.scan, existing: b.scan.id !== undefined } };
}

/**
 * `POST /v1/findings` and `POST /api/v1/findings`: secureCodeBox findings (what `scanrelay invicti
 * issues` writes) for a scan — a wrapper object, or the bare array with `?project=&scan_id=` —
 * ingested at once: validated, deduplicated, scored, the scan marked completed. The same provider
 * scan posted twice writes once.
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
    app.post(path, requireScope(services, 'upload'), limit, async (c) => {
      const req = await readRequest(c, services);
      const tenantId = c.get('principal').tenant.id;
      const findings = fromSecureCodeBox(req.findings);
      const { provider, kind, externalId, target, existing } = req.scan;
      let scanId = req.scan.id;
      if (!scanId && externalId) {
        const known = await store.scans.getByExternalId(tenantId, provider, externalId);
        scanId = known?.id ?? scanIdFor(tenantId, provider, externalId);
      }
      try {
        const r = await ingest(store, {
          tenant: tenantId,
          project: req.project,
          scan: { id: scanId, existing, provider, kind, externalId, target },
          findings,
          mode: req.importType,
        });
        if (!r.replayed) {
          for (const k of ['created', 'updated', 'unchanged', 'reopened', 'fixed'] as const)
            services.metrics.findingsIngested(k, r[k]);
        }
        // Results forward like uploads: to the default destinations (idempotent when posted again).
        const f = forwardingOf(services);
        if (f)
          await startForwards(store, f.forwarding, f.send, {
            tenantId,
            scanId: r.scanId,
            destinations: f.forwarding.plan({}).destinations,
            context: { importType: req.importType },
          });
        const { scanId: id, project, replayed, created, updated, unchanged, reopened, fixed } = r;
        const { total, counts, verdict, score } = r;
        return c.json(
          {
            scanId: id,
            project,
            replayed,
            created,
            updated,
            unchanged,
            reopened,
            fixed,
            total,
            counts,
            verdict,
            score,
          },
          200,
        );
      } catch (err) {
        if (!isCoreError(err)) throw err;
        const at = 'index' in err ? `findings.${String(err.index)}` : 'scan';
        const sub = (err as { path?: string }).path;
        throw new ApiProblem(err.code === 'not_found' ? 'NOT_FOUND' : 'VALIDATION_FAILED', err.detail, {
          errors: [{ path: sub ? `${at}.${sub}` : at, message: err.detail }],
          cause: err,
        });
      }
    });
  }

  const operations = [
    { path: '/api/v1/findings', operationId: 'ingestFindings', alias: '' },
    {
      path: '/v1/findings',
      operationId: 'ingestFindingsV1',
      alias:
        'The same as `POST /api/v1/findings`, at the path `scanrelay invicti issues` and the results workflow post to. ',
    },
  ] as const;
  for (const { path, operationId, alias } of operations)
    app.openAPIRegistry.registerPath({
      method: 'post',
      path,
      operationId,
      tags: ['findings'],
      summary: 'Ingest secureCodeBox findings for a scan and mark it completed',
      description:
        alias +
        'The body is either the wrapper object `{project, scan, importType, findings}` or the bare secureCodeBox ' +
        'findings array (`findings.json`) with the scan named by query parameters: `project`, `scan_id` (the ' +
        'provider’s scan id), `provider` (default invicti), `kind`, `import_type`. Without `scan_id`, the one ' +
        'recent Invicti completion of the tenant (and `project`) that was dispatched to the results workflow and ' +
        'not yet ingested is used; none or several answer 400 asking for `scan_id`. ' +
        'Content-Type `application/json` (or `+json`); `application/x-www-form-urlencoded`, which `curl -d` sends ' +
        'by default, is read as JSON too. Any other type answers 415. ' +
        `JSON nested deeper than ${MAX_JSON_DEPTH} levels answers 400. ` +
        'A `scan.id` that is not a scan of this tenant answers 404.',
      security: API_KEY_SECURITY,
      request: {
        query: findingsIngestQuerySchema,
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z.union([findingsIngestBodySchema, docSchemas.secureCodeBoxFindings]),
            },
          },
        },
      },
      responses: {
        200: {
          description: 'Ingested (or already ingested: replayed=true)',
          content: { 'application/json': { schema: findingsIngestResultSchema } },
        },
        ...problems(400, 401, 403, 404, 413, 415),
      },
    });
}
