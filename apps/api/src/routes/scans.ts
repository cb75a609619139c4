import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import {
  FINDING_SEARCH_MAX,
  FINDING_SORTS,
  FINDING_STATUS_INPUTS,
  findingLocationKindSchema,
  findingPageSchema,
  findingStatusOf,
  projectNameSchema,
  SORT_ORDERS,
  scanPageSchema,
  scanViewSchema,
} from '@scanrelay/api-schema';
import { listFindings } from '@scanrelay/core';
import { SCAN_KINDS, SCAN_STATUSES, SEVERITIES } from '@scanrelay/findings-schema';
import type { ApiServices, AppEnv } from '../app-env.js';
import { API_KEY_SECURITY } from '../docs/security-schemes.js';
import { notFound } from '../errors/api-problem.js';
import { requireScope } from '../middleware/require-scope.js';
import { csvEnum, pageQuerySchema, problems, textFilter, uuidParamSchema } from '../schemas/common.js';
import { findingView } from '../schemas/finding-view.js';
import { scanView } from '../schemas/scan-view.js';
import { forwardView } from './forward-view.js';

/** The finding list's filters and order (the dashboard's findings table shows the same rows). */
const findingFilters = pageQuerySchema.extend({
  severity: csvEnum(SEVERITIES),
  status: csvEnum(FINDING_STATUS_INPUTS),
  tool: textFilter(100).openapi({ example: 'trivy' }),
  kind: findingLocationKindSchema.optional().openapi({ description: 'Kind of the finding’s location' }),
  q: textFilter(FINDING_SEARCH_MAX).openapi({
    description: 'Case-insensitive text in the title, rule id or location (file, package, URL, host)',
    example: 'openssl',
  }),
  sort: z.enum(FINDING_SORTS).optional().openapi({ description: 'Default id (creation order); ties by id' }),
  order: z
    .enum(SORT_ORDERS)
    .optional()
    .openapi({ description: 'Default asc; severity desc lists critical first' }),
});

const findingPageResponses = {
  200: {
    description: 'A page of findings',
    content: { 'application/json': { schema: findingPageSchema } },
  },
  ...problems(400, 401, 403, 404),
};

type FindingQuery = NonNullable<Parameters<typeof listFindings>[2]>;

/**
 * One page of a tenant's findings under `filters` (statuses in either spelling), as the API shows it;
 * read through core, so an expired acceptance reads as open.
 */
async function findingPage(
  services: ApiServices,
  tenantId: string,
  { status, ...filters }: z.infer<typeof findingFilters>,
  scope: Pick<FindingQuery, 'projectId' | 'scanId'>,
) {
  const query: FindingQuery = { ...filters, ...scope, status: status?.map(findingStatusOf) };
  const page = await listFindings(services.store, tenantId, query, services.sast.now?.() ?? new Date());
  return { items: page.items.map(findingView), nextCursor: page.nextCursor };
}

export function registerScans(app: OpenAPIHono<AppEnv>, services: ApiServices): void {
  const read = requireScope(services, 'read');
  const { store } = services;

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/scans',
      operationId: 'listScans',
      tags: ['scans'],
      summary: 'List scans, newest first',
      middleware: [read] as const,
      security: API_KEY_SECURITY,
      request: {
        query: pageQuerySchema.extend({
          project: projectNameSchema.optional(),
          provider: textFilter(100),
          kind: z.enum(SCAN_KINDS).optional(),
          status: csvEnum(SCAN_STATUSES),
        }),
      },
      responses: {
        200: { description: 'A page of scans', content: { 'application/json': { schema: scanPageSchema } } },
        ...problems(400, 401, 403),
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const tenantId = c.get('principal').tenant.id;
      let projectId: string | undefined;
      if (q.project) {
        const project = await store.projects.getByName(tenantId, q.project);
        if (!project) return c.json({ items: [] }, 200);
        projectId = project.id;
      }
      const page = await store.scans.list(tenantId, {
        limit: q.limit,
        cursor: q.cursor,
        projectId,
        provider: q.provider,
        kind: q.kind,
        status: q.status,
      });
      return c.json({ items: page.items.map(scanView), nextCursor: page.nextCursor }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/scans/{id}',
      operationId: 'getScan',
      tags: ['scans'],
      summary: 'A scan with its counts, verdict and score',
      middleware: [read] as const,
      security: API_KEY_SECURITY,
      request: { params: uuidParamSchema },
      responses: {
        200: { description: 'The scan', content: { 'application/json': { schema: scanViewSchema } } },
        ...problems(401, 403, 404),
      },
    }),
    async (c) => {
      const tenantId = c.get('principal').tenant.id;
      const scan = await store.scans.get(tenantId, c.req.valid('param').id);
      if (!scan) throw notFound('scan');
      const forwards = await store.forwards.listForScan(tenantId, scan.id);
      const view = scanView(scan);
      return c.json(forwards.length > 0 ? { ...view, forwards: forwards.map(forwardView) } : view, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/scans/{id}/findings',
      operationId: 'listScanFindings',
      tags: ['scans'],
      summary: 'The findings a scan saw',
      middleware: [read] as const,
      security: API_KEY_SECURITY,
      request: { params: uuidParamSchema, query: findingFilters },
      responses: findingPageResponses,
    }),
    async (c) => {
      const tenantId = c.get('principal').tenant.id;
      const scan = await store.scans.get(tenantId, c.req.valid('param').id);
      if (!scan) throw notFound('scan');
      return c.json(await findingPage(services, tenantId, c.req.valid('query'), { scanId: scan.id }), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/projects/{name}/findings',
      operationId: 'listProjectFindings',
      tags: ['projects'],
      summary: 'A project’s findings across every scan',
      middleware: [read] as const,
      security: API_KEY_SECURITY,
      request: { params: z.object({ name: projectNameSchema }), query: findingFilters },
      responses: findingPageResponses,
    }),
    async (c) => {
      const tenantId = c.get('principal').tenant.id;
      const project = await store.projects.getByName(tenantId, c.req.valid('param').name);
      if (!project) throw notFound('project');
      return c.json(
        await findingPage(services, tenantId, c.req.valid('query'), { projectId: project.id }),
        200,
      );
    },
  );
}
