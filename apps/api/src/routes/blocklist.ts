import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { projectNameSchema } from '@scanrelay/api-schema';
import { liftBlocklist, listBlocklist, readProjectBlocklist } from '@scanrelay/core';
import type { ApiServices, AppEnv } from '../app-env.js';
import { API_KEY_SECURITY } from '../docs/security-schemes.js';
import { requireScope } from '../middleware/require-scope.js';
import { docSchemas } from '../schemas/named-schemas.js';
import { sastProblems } from './sast-openapi.js';

const nameParam = z.object({ name: projectNameSchema });

/**
 * The blocklist: `GET /api/v1/blocklist` (the tenant's active entries), `GET /api/v1/blocklist/{name}`
 * (one project's, and whether it is blocked) with scope read, and `DELETE /api/v1/blocklist/{name}`
 * (scope admin) to lift a project's entries.
 */
export function registerBlocklist(app: OpenAPIHono<AppEnv>, services: ApiServices): void {
  const { store } = services;
  const read = requireScope(services, 'read');

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/blocklist',
      operationId: 'listBlocklist',
      tags: ['blocklist'],
      summary: "The tenant's active blocklist entries",
      middleware: [read] as const,
      security: API_KEY_SECURITY,
      responses: {
        200: {
          description: 'Active entries',
          content: { 'application/json': { schema: docSchemas.blocklist } },
        },
        ...sastProblems(401, 403),
      },
    }),
    async (c) => c.json(await listBlocklist(store, c.get('principal').tenant.id), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/blocklist/{name}',
      operationId: 'getProjectBlocklist',
      tags: ['blocklist'],
      summary: "A project's active blocklist entries: installers and CI gates refuse it while `blocked`",
      description: "Another tenant's project, or one never seen, answers 404.",
      middleware: [read] as const,
      security: API_KEY_SECURITY,
      request: { params: nameParam },
      responses: {
        200: {
          description: 'The project’s entries',
          content: { 'application/json': { schema: docSchemas.projectBlocklist } },
        },
        ...sastProblems(400, 401, 403, 404),
      },
    }),
    async (c) =>
      c.json(await readProjectBlocklist(store, c.get('principal').tenant.id, c.req.valid('param').name), 200),
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/v1/blocklist/{name}',
      operationId: 'liftProjectBlocklist',
      tags: ['blocklist'],
      summary: "Lift a project's blocklist: deactivate every active entry (kept for audit)",
      description:
        'Scope admin. An automatic `external-sast` entry is also lifted by a clean result from the same ' +
        "provider at a newer commit. Lifting a project that is not blocklisted answers `lifted: 0`; another tenant's " +
        'project answers 404.',
      middleware: [requireScope(services, 'admin')] as const,
      security: API_KEY_SECURITY,
      request: { params: nameParam },
      responses: {
        200: {
          description: 'Lifted',
          content: { 'application/json': { schema: docSchemas.blocklistLifted } },
        },
        ...sastProblems(400, 401, 403, 404),
      },
    }),
    async (c) =>
      c.json(await liftBlocklist(store, c.get('principal').tenant.id, c.req.valid('param').name), 200),
  );
}
