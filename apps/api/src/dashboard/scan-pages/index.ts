import type { OpenAPIHono } from '@hono/zod-openapi';
import type { ApiServices, AppEnv } from '../../app-env.js';
import { requireSession } from '../dashboard-context.js';
import { blocklistPage } from './blocklist-page.js';
import { jobEvents } from './job-events.js';
import { jobPage, jobsPage } from './jobs-page.js';
import { scanPage } from './scan-page.js';
import { scansPage } from './scans-page.js';
import { projectTrendsPage, tenantTrendsPage } from './trends-page.js';

/**
 * The scan pages of the dashboard, each behind a session (another tenant's scan, job or project is
 * 404): `/dashboard/scans`, `/dashboard/scans/:id`, `/dashboard/jobs`, `/dashboard/jobs/:id` with
 * its live log stream `/dashboard/jobs/:id/events`, `/dashboard/blocklist`, `/dashboard/trends` and
 * `/dashboard/projects/:name/trends`. Their scripts are `assets/job-log.js` and `assets/trends.js`
 * (served under `/dashboard/assets/`). `shutdown` ends open log streams when the API drains.
 */
export function registerScanPages(
  app: OpenAPIHono<AppEnv>,
  services: ApiServices,
  shutdown?: AbortSignal,
): void {
  const session = requireSession(services);
  app.get('/dashboard/scans', session, (c) => scansPage(c, services));
  app.get('/dashboard/scans/:id', session, (c) => scanPage(c, services));
  app.get('/dashboard/jobs', session, (c) => jobsPage(c, services));
  app.get('/dashboard/jobs/:id', session, (c) => jobPage(c, services));
  app.get('/dashboard/jobs/:id/events', session, (c) => jobEvents(c, services, shutdown));
  app.get('/dashboard/blocklist', session, (c) => blocklistPage(c, services));
  app.get('/dashboard/trends', session, (c) => tenantTrendsPage(c, services));
  app.get('/dashboard/projects/:name/trends', session, (c) => projectTrendsPage(c, services));
}
