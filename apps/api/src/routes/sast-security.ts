import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { projectNameSchema } from '@scanrelay/api-schema';
import { readProjectSecurity } from '@scanrelay/core';
import type { ApiServices, AppEnv } from '../app-env.js';
import { API_KEY_SECURITY } from '../docs/security-schemes.js';
import { requireScope } from '../middleware/require-scope.js';
import { docSchemas } from '../schemas/named-schemas.js';
import { sastProblems } from './sast-openapi.js';

/** `GET /api/v1/projects/{name}/security` (scope read): the JSON of the project's security page. */
export function registerSastSecurity(app: OpenAPIHono<AppEnv>, services: ApiServices): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/projects/{name}/security',
      operationId: 'getProjectSecurity',
      tags: ['sast', 'projects'],
      summary: "A project's external SAST state: every provider's verdict, counts, commit and the blocklist",
      description:
        "Each provider's newest scan (a scan `pending` or `running` past `sast.timeoutMs` reads " +
        '`timed_out`), its current result (verdict, counts, score, the scanned commit and its link), the ' +
        'active blocklist entries and the findings by severity. Summaries past `sast.summaryTtlMs` are not ' +
        "served. Another tenant's project answers 404. The HTML page is at `pagePath`.",
      middleware: [requireScope(services, 'read')] as const,
      security: API_KEY_SECURITY,
      request: { params: z.object({ name: projectNameSchema }) },
      responses: {
        200: {
          description: 'The project’s security view',
          content: { 'application/json': { schema: docSchemas.projectSecurity } },
        },
        ...sastProblems(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const security = await readProjectSecurity(services.sast, {
        tenantId: c.get('principal').tenant.id,
        project: c.req.valid('param').name,
      });
      return c.json(security, 200);
    },
  );
}
