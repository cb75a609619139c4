import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { webhookDeliveryPageSchema } from '@scanrelay/api-schema';
import type { Delivery } from '@scanrelay/storage';
import type { ApiServices, AppEnv } from '../app-env.js';
import { API_KEY_SECURITY } from '../docs/security-schemes.js';
import { requireScope } from '../middleware/require-scope.js';
import { pageQuerySchema, problems, textFilter } from '../schemas/common.js';

/** A stored delivery as admins see it (no tenant id, no expiry). */
function deliveryView(d: Delivery) {
  return {
    source: d.source,
    id: d.id,
    receivedAt: d.receivedAt,
    outcome: d.outcome,
    ...(d.detail ? { detail: d.detail } : {}),
    ...(d.subject ? { subject: d.subject } : {}),
  };
}

/**
 * `GET /api/v1/webhooks/deliveries` (scope admin): every webhook delivery kept for the caller's tenant,
 * newest first, with its outcome (accepted, a duplicate `replayed`, `rejected` with the reason,
 * `failed` while the sender may retry). Deliveries that belong to no tenant are not listed.
 */
export function registerWebhookDeliveries(app: OpenAPIHono<AppEnv>, services: ApiServices): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/webhooks/deliveries',
      operationId: 'listWebhookDeliveries',
      tags: ['webhooks'],
      summary: 'Webhook deliveries received for this tenant, with their outcome (admin)',
      middleware: [requireScope(services, 'admin')] as const,
      security: API_KEY_SECURITY,
      request: {
        query: pageQuerySchema.extend({
          source: textFilter(100).openapi({ example: 'invicti-scan-complete' }),
        }),
      },
      responses: {
        200: {
          description: 'A page of deliveries',
          content: { 'application/json': { schema: webhookDeliveryPageSchema } },
        },
        ...problems(400, 401, 403),
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const page = await services.store.deliveries.list({
        limit: q.limit,
        cursor: q.cursor,
        source: q.source,
        tenantId: c.get('principal').tenant.id,
      });
      return c.json({ items: page.items.map(deliveryView), nextCursor: page.nextCursor }, 200);
    },
  );
}
