import type { OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ApiServices, AppEnv } from '../app-env.js';
import { toProblem } from '../errors/to-problem.js';
import { registerAuthRoutes } from './auth-routes.js';
import { renderErrorPage, renderNotFound, requireSession } from './dashboard-context.js';
import { ASSETS_PATH } from './layout.js';
import { registerPageRoutes } from './page-routes.js';
import { registerScanPages } from './scan-pages/index.js';
import { createDashboardAssets } from './static-assets.js';

/** Static files change only with a release; their names are fixed, so a day of caching is safe. */
const ASSET_CACHE = 'public, max-age=86400';
/** The largest form body a dashboard page accepts. */
const FORM_BYTES = 64 * 1024;

/**
 * Errors of dashboard routes as HTML pages rather than problem+json: the status the API would
 * answer, its title and detail for a 4xx, a generic message for a 5xx (the error is logged by the
 * app's error handler).
 */
function htmlErrors(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    if (c.error === undefined) return;
    const problem = toProblem(c.error);
    c.res = undefined;
    c.res =
      problem.status >= 500
        ? await renderErrorPage(c, 500, 'Internal error', 'The page could not be built; the error is logged.')
        : await renderErrorPage(c, problem.status, problem.title, problem.detail);
  };
}

/**
 * The web dashboard: sign-in and sign-out, the Projects, project and finding pages, the scan pages
 * (`registerScanPages`), and the static files under `/dashboard/assets/` (our stylesheet, uPlot from
 * the `uplot` package, the scan pages' scripts). Register before the docs; any other
 * `/dashboard/...` path is a 404 page. `shutdown` ends the live log streams when the API drains.
 */
export function registerDashboard(
  app: OpenAPIHono<AppEnv>,
  services: ApiServices,
  shutdown?: AbortSignal,
): void {
  const assets = createDashboardAssets();
  // `/dashboard/*` also matches `/dashboard` itself.
  for (const path of ['/login', '/logout', '/dashboard/*']) app.use(path, htmlErrors());
  // Dashboard forms are a few fields (a triage reason is at most 2000 characters).
  app.on(
    'POST',
    ['/logout', '/dashboard/*'],
    bodyLimit({
      maxSize: FORM_BYTES,
      onError: (c) => renderErrorPage(c, 413, 'Form too large', 'A dashboard form is limited to 64 KiB.'),
    }),
  );
  app.get(`${ASSETS_PATH}:file`, async (c, next) => {
    const asset = await assets.get(c.req.param('file'));
    if (!asset) return next();
    return c.body(asset.body, 200, {
      'content-type': asset.contentType,
      'x-content-type-options': 'nosniff',
      'cache-control': ASSET_CACHE,
    });
  });
  registerAuthRoutes(app, services);
  registerPageRoutes(app, services);
  registerScanPages(app, services, shutdown);
  app.all('/dashboard/*', requireSession(services), (c) => renderNotFound(c));
}
