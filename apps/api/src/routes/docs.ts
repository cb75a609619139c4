import type { OpenAPIHono } from '@hono/zod-openapi';
import { html, raw } from 'hono/html';
import type { ApiServices, AppEnv } from '../app-env.js';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/**
 * `GET /openapi.json` (OpenAPI 3.1, generated from the routes' zod schemas) and `GET /docs`, a
 * self-contained HTML page that lists every operation with its parameters and responses (no CDN).
 */
export function registerDocs(app: OpenAPIHono<AppEnv>, services: ApiServices): void {
  const documentConfig = {
    openapi: '3.1.0',
    info: {
      title: 'scanrelay API',
      version: services.config.version,
      description:
        'Upload scanner reports, follow jobs, read scans and findings. Errors are application/problem+json with a stable `code`.',
    },
  };
  app.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', {
    type: 'http',
    scheme: 'bearer',
    description:
      'An API key (`scanrelay keys create`), as `Authorization: Bearer <key>` or `X-API-Key: <key>`.',
  });
  app.doc31('/openapi.json', documentConfig);

  app.get('/docs', (c) => {
    const doc = app.getOpenAPI31Document(documentConfig);
    const rows: string[] = [];
    for (const [p, item] of Object.entries(doc.paths ?? {})) {
      for (const m of METHODS) {
        const op = (
          item as Record<
            string,
            {
              summary?: string;
              description?: string;
              parameters?: { name: string; in: string }[];
              responses?: Record<string, { description?: string }>;
            }
          >
        )[m];
        if (!op) continue;
        const params = (op.parameters ?? []).map((x) => `${x.name} (${x.in})`).join(', ');
        const responses = Object.entries(op.responses ?? {})
          .map(([s, r]) => `<li><code>${esc(s)}</code> ${esc(r.description ?? '')}</li>`)
          .join('');
        rows.push(
          `<section><h2><span class="m ${m}">${m.toUpperCase()}</span> <code>${esc(p)}</code></h2>` +
            `<p>${esc(op.summary ?? '')}</p>${op.description ? `<p class="d">${esc(op.description)}</p>` : ''}` +
            `${params ? `<p><b>Parameters:</b> ${esc(params)}</p>` : ''}<ul>${responses}</ul></section>`,
        );
      }
    }
    return c.html(html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>scanrelay API</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
section{border-top:1px solid #ddd;padding:.5rem 0}h2{font-size:1rem;margin:.5rem 0}.m{display:inline-block;width:4rem;font-weight:700}
.get{color:#0a6}.post{color:#06c}.d{color:#555}code{background:#f4f4f4;padding:0 .2rem}</style></head>
<body><h1>scanrelay API ${esc(services.config.version)}</h1>
<p>The machine-readable document is <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1). Also: <code>GET /metrics</code> (Prometheus).</p>
${raw(rows.join('\n'))}
</body></html>`);
  });
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
