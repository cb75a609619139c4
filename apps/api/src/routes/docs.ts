import { type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { ApiServices, AppEnv } from '../app-env.js';
import { DOCS_SCRIPT, DOCS_STYLES } from '../docs/docs-client.js';
import { docsHeaders } from '../docs/docs-headers.js';
import { openApiDocumentConfig, registerSecuritySchemes } from '../docs/openapi-document.js';
import { DOCS_PATHS, renderDocsPage } from '../docs/render-docs-page.js';
import { NO_SECURITY } from '../docs/security-schemes.js';
import { createSwaggerUiAssets } from '../docs/swagger-ui-assets.js';

/** Our own files are cheap to send again; swagger-ui-dist's change only with its version. */
const ASSET_CACHE = 'public, max-age=3600';

const openApiDocumentSchema = z
  .looseObject({
    openapi: z.literal('3.1.0'),
    info: z.looseObject({ title: z.string(), version: z.string() }),
    paths: z.record(z.string(), z.unknown()),
    components: z.looseObject({}),
  })
  .meta({ id: 'OpenApiDocument', description: 'This document (OpenAPI 3.1)' });

/**
 * `GET /openapi.json` (OpenAPI 3.1, generated from the routes' zod schemas) and `GET /docs`, Swagger
 * UI over it, served from swagger-ui-dist in this package's dependencies (no CDN, CSP `'self'`).
 */
export function registerDocs(app: OpenAPIHono<AppEnv>, services: ApiServices): void {
  const config = openApiDocumentConfig(services.config.version);
  const assets = createSwaggerUiAssets();
  registerSecuritySchemes(app);
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: DOCS_PATHS.document,
    operationId: 'getOpenApiDocument',
    tags: ['service'],
    summary: 'This OpenAPI 3.1 document',
    description: 'Generated from the routes’ own schemas. `/docs` shows it as an interactive reference.',
    security: NO_SECURITY,
    responses: {
      200: {
        description: 'The document',
        content: { 'application/json': { schema: openApiDocumentSchema } },
      },
    },
  });
  app.doc31(DOCS_PATHS.document, config);

  app.get(DOCS_PATHS.page, (c) => {
    const html = renderDocsPage(app.getOpenAPI31Document(config));
    return c.body(html, 200, { ...docsHeaders('text/html; charset=utf-8'), 'cache-control': 'no-cache' });
  });
  app.get(DOCS_PATHS.script, (c) => ownFile(c, DOCS_SCRIPT, 'text/javascript; charset=utf-8'));
  app.get(DOCS_PATHS.styles, (c) => ownFile(c, DOCS_STYLES, 'text/css; charset=utf-8'));
  app.get(`${DOCS_PATHS.assets}:file`, async (c, next) => {
    const asset = await assets.get(c.req.param('file'));
    if (!asset) return next();
    const gzip = /\bgzip\b/.test(c.req.header('accept-encoding') ?? '');
    const headers: Record<string, string> = {
      ...docsHeaders(asset.contentType),
      'cache-control': ASSET_CACHE,
      vary: 'accept-encoding',
    };
    if (gzip) headers['content-encoding'] = 'gzip';
    return c.body(gzip ? asset.gzipped : asset.body, 200, headers);
  });
}

function ownFile(c: Context, text: string, contentType: string): Response {
  return c.body(text, 200, { ...docsHeaders(contentType), 'cache-control': ASSET_CACHE });
}
