import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { invictiScanRegisteredSchema, invictiScanRegistrationSchema } from '@scanrelay/api-schema';
import { ensureInvictiScan, normalizeInvictiScanId } from '@scanrelay/core';
import type { ApiServices, AppEnv } from '../app-env.js';
import { API_KEY_SECURITY } from '../docs/security-schemes.js';
import { requireScope } from '../middleware/require-scope.js';
import { problems } from '../schemas/common.js';
import { scanView } from '../schemas/scan-view.js';

/**
 * `POST /api/v1/scans/register` (scope upload): a fire-and-forget Invicti launch registers its scan.
 * The service then knows it (a running `invicti` scan whose `externalId` is the Invicti scan id,
 * listed by `GET /api/v1/scans?status=running`), and the worker's sweep fetches its results if no
 * completion arrives in time. Idempotent: registering a known scan answers 200 with it.
 */
export function registerScanRegister(app: OpenAPIHono<AppEnv>, services: ApiServices): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/scans/register',
      operationId: 'registerInvictiScan',
      tags: ['scans'],
      summary: 'Register a launched Invicti scan, so that its results are fetched even without a webhook',
      middleware: [requireScope(services, 'upload')] as const,
      security: API_KEY_SECURITY,
      request: {
        body: { required: true, content: { 'application/json': { schema: invictiScanRegistrationSchema } } },
      },
      responses: {
        200: {
          description: 'Already registered',
          content: { 'application/json': { schema: invictiScanRegisteredSchema } },
        },
        201: {
          description: 'Registered',
          content: { 'application/json': { schema: invictiScanRegisteredSchema } },
        },
        ...problems(400, 401, 403, 415),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const { scan, created } = await ensureInvictiScan(services.store, {
        tenantId: c.get('principal').tenant.id,
        // The schema admits only GUIDs, which always normalise.
        scanId: normalizeInvictiScanId(body.scanId)!,
        project: body.project,
        target: body.target,
        status: 'running',
      });
      return c.json({ created, scan: scanView(scan) }, created ? 201 : 200);
    },
  );
}
