import type { OpenAPIHono } from '@hono/zod-openapi';
import { projectNameSchema } from '@scanrelay/api-schema';
import { readProjectSecurity } from '@scanrelay/core';
import type { ApiServices, AppEnv } from '../app-env.js';
import { toProblem } from '../errors/to-problem.js';
import { authenticatePage } from '../security-page/page-auth.js';
import { securityPageHeaders } from '../security-page/page-headers.js';
import { renderErrorPage } from '../security-page/render-error-page.js';
import { renderSecurityPage } from '../security-page/render-security-page.js';

/** What a browser needs to prompt for the key: Basic, with the password as UTF-8. */
const CHALLENGE = 'Basic realm="scanrelay", charset="UTF-8"';

function page(status: number, html: string, extra: Record<string, string> = {}): Response {
  return new Response(html, { status, headers: { ...securityPageHeaders(), ...extra } });
}

/**
 * `GET /projects/:name/security` (scope read; not under `/api/v1`, not in the OpenAPI document):
 * the project's security view as an HTML page a person reads. The API key comes as
 * `Authorization: Bearer`, `X-API-Key`, or as the password of HTTP Basic (any user name) so a
 * browser's login prompt opens it. Refusals are HTML too: 401 with a Basic challenge, 403 without
 * the scope, 404 for an unknown project or another tenant's.
 */
export function registerSecurityPage(app: OpenAPIHono<AppEnv>, services: ApiServices): void {
  app.get('/projects/:name/security', async (c) => {
    const auth = await authenticatePage(services, c.req.raw.headers, 'read');
    if (!auth.ok) {
      const heading = auth.status === 401 ? 'Sign-in required' : 'Access denied';
      const challenge: Record<string, string> = auth.status === 401 ? { 'www-authenticate': CHALLENGE } : {};
      return page(auth.status, renderErrorPage(heading, auth.message), challenge);
    }
    const name = projectNameSchema.safeParse(c.req.param('name'));
    if (!name.success)
      return page(
        400,
        renderErrorPage('Invalid project name', name.error.issues[0]?.message ?? 'invalid name'),
      );
    try {
      const view = await readProjectSecurity(services.sast, {
        tenantId: auth.principal.tenant.id,
        project: name.data,
      });
      return page(200, renderSecurityPage(view));
    } catch (err) {
      const problem = toProblem(err);
      if (problem.status === 404)
        return page(
          404,
          renderErrorPage('Project not found', `No project named "${name.data}" is visible to this API key.`),
        );
      if (problem.status < 500) return page(problem.status, renderErrorPage(problem.title, problem.detail));
      services.logger.error('request failed', {
        method: c.req.method,
        path: c.req.path,
        err: problem.cause ?? err,
      });
      return page(
        500,
        renderErrorPage('Internal error', 'The page could not be built; the error is logged.'),
      );
    }
  });
}
