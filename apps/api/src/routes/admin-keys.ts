import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { type ApiKeyView, apiKeyListSchema, apiKeyViewSchema } from '@scanrelay/api-schema';
import type { ApiKey } from '@scanrelay/storage';
import type { ApiServices, AppEnv } from '../app-env.js';
import { API_KEY_SECURITY } from '../docs/security-schemes.js';
import { notFound } from '../errors/api-problem.js';
import { requireScope } from '../middleware/require-scope.js';
import { problems, uuidParamSchema } from '../schemas/common.js';

/**
 * `GET /api/v1/admin/keys` and `DELETE /api/v1/admin/keys/{id}` (scope `admin`): the caller's tenant's
 * keys only; another tenant's key id answers 404. A revoked key is refused (401) from the next request.
 */
export function registerAdminKeys(app: OpenAPIHono<AppEnv>, services: ApiServices): void {
  const admin = requireScope(services, 'admin');

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/admin/keys',
      operationId: 'listApiKeys',
      tags: ['admin'],
      summary: "List this tenant's API keys (never the keys themselves)",
      middleware: [admin] as const,
      security: API_KEY_SECURITY,
      responses: {
        200: {
          description: 'The keys, oldest first',
          content: { 'application/json': { schema: apiKeyListSchema } },
        },
        ...problems(401, 403),
      },
    }),
    async (c) => {
      const keys = await services.store.apiKeys.list(c.get('principal').tenant.id);
      return c.json({ items: keys.map(apiKeyView) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/v1/admin/keys/{id}',
      operationId: 'revokeApiKey',
      tags: ['admin'],
      summary: 'Revoke an API key of this tenant (idempotent)',
      middleware: [admin] as const,
      security: API_KEY_SECURITY,
      request: { params: uuidParamSchema },
      responses: {
        200: {
          description: 'The key, revoked',
          content: { 'application/json': { schema: apiKeyViewSchema } },
        },
        ...problems(401, 403, 404),
      },
    }),
    async (c) => {
      const tenantId = c.get('principal').tenant.id;
      const { id } = c.req.valid('param');
      const key = (await services.store.apiKeys.list(tenantId)).find((k) => k.id === id);
      if (!key) throw notFound('API key');
      if (!key.revokedAt) await services.store.apiKeys.revoke(tenantId, id);
      const revoked = (await services.store.apiKeys.list(tenantId)).find((k) => k.id === id) ?? key;
      services.logger.info('API key revoked', {
        keyId: id,
        prefix: key.prefix,
        by: c.get('principal').keyId,
      });
      return c.json(apiKeyView(revoked), 200);
    },
  );
}

function apiKeyView(key: ApiKey): ApiKeyView {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    scopes: key.scopes,
    createdAt: key.createdAt,
    lastUsedAt: key.lastUsedAt ?? null,
    revokedAt: key.revokedAt ?? null,
  };
}
