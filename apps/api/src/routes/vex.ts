import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { openVexDocumentSchema, projectNameSchema } from '@scanrelay/api-schema';
import { buildOpenVex } from '@scanrelay/core';
import type { ApiServices, AppEnv } from '../app-env.js';
import { API_KEY_SECURITY } from '../docs/security-schemes.js';
import { requireScope } from '../middleware/require-scope.js';
import { problems } from '../schemas/common.js';

/** `<project>.openvex.json` with every character outside `[A-Za-z0-9._-]` (the `/` of `a/b`) as `_`. */
function vexFilename(project: string): string {
  return `${project.replace(/[^A-Za-z0-9._-]/g, '_')}.openvex.json`;
}

/**
 * `GET /api/v1/projects/{name}/vex` (scope read): the project's triage decisions as an OpenVEX
 * v0.2.0 document, so other tools (scanners, SBOM platforms) honour them. Another tenant's project is 404.
 */
export function registerVex(app: OpenAPIHono<AppEnv>, services: ApiServices): void {
  const read = requireScope(services, 'read');

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/projects/{name}/vex',
      operationId: 'getProjectVex',
      tags: ['projects'],
      summary: "The project's triaged vulnerabilities as an OpenVEX document",
      description:
        'One statement per vulnerability (CVE, else GHSA or OSV id; findings without one are left out) and ' +
        'product (the package purl, else the project): a false positive is `not_affected` with a ' +
        'justification and the reason as `impact_statement`, an accepted risk `affected` with the reason ' +
        'and its expiry as `action_statement`, a fixed finding `fixed`; open findings are not listed. ' +
        'Sent as an attachment named `<project>.openvex.json`.',
      middleware: [read] as const,
      security: API_KEY_SECURITY,
      request: { params: z.object({ name: projectNameSchema }) },
      responses: {
        200: {
          description: 'The OpenVEX document',
          content: { 'application/json': { schema: openVexDocumentSchema } },
        },
        ...problems(401, 403, 404),
      },
    }),
    async (c) => {
      const { tenant } = c.get('principal');
      const project = c.req.valid('param').name;
      const document = await buildOpenVex(services.store, {
        tenantId: tenant.id,
        project,
        now: services.sast.now?.() ?? new Date(),
        author: `scanrelay (tenant ${tenant.name})`,
      });
      c.header('content-disposition', `attachment; filename="${vexFilename(project)}"`);
      return c.json(document, 200);
    },
  );
}
