import type { OpenAPIHono } from '@hono/zod-openapi';
import { findingStatusOf, projectNameSchema, triageStatusInputSchema } from '@scanrelay/api-schema';
import {
  findingHistory,
  isCoreError,
  listFindings,
  readFinding,
  readProjectOverviews,
  triageFinding,
} from '@scanrelay/core';
import type { Context } from 'hono';
import { z } from 'zod';
import { type ApiServices, type AppEnv, actorOf } from '../app-env.js';
import { hasScope } from '../middleware/require-scope.js';
import {
  csrfField,
  type DashboardEnv,
  renderErrorPage,
  renderNotFound,
  renderPage,
  requireSession,
} from './dashboard-context.js';
import { FindingBody, type FindingPageView } from './finding-page.js';
import { type FindingsFilter, findingsFilterSchema, firstIssue, toFindingQuery } from './findings-filter.js';
import { findingPath } from './format.js';
import { ProjectBody } from './project-page.js';
import { ProjectsBody } from './projects-page.js';

type Ctx = Context<DashboardEnv>;

const PROJECTS_PAGE_SIZE = 50;
const cursorSchema = z
  .string()
  .max(512)
  .regex(/^[A-Za-z0-9_-]+$/)
  .optional()
  .catch(undefined);

/** The triage form as posted: empty fields mean "not given". */
const triageFormSchema = z.object({
  status: triageStatusInputSchema,
  reason: z.string().max(4000).optional(),
  expires: z.string().max(64).optional(),
});

async function projectsPage(services: ApiServices, c: Ctx): Promise<Response> {
  const cursor = cursorSchema.parse(c.req.query('cursor'));
  const page = await readProjectOverviews(services.store, c.get('principal').tenant.id, {
    cursor,
    limit: PROJECTS_PAGE_SIZE,
  });
  const nextHref = page.nextCursor ? `/dashboard?cursor=${encodeURIComponent(page.nextCursor)}` : undefined;
  return renderPage(c, {
    title: 'Projects',
    active: 'projects',
    body: ProjectsBody({ rows: page.items, nextHref }),
  });
}

/** The commit each scan scanned, for the scans these findings were last seen in. */
async function commitsOf(services: ApiServices, tenantId: string, scanIds: readonly string[]) {
  const commits = new Map<string, string>();
  const scans = await Promise.all([...new Set(scanIds)].map((id) => services.store.scans.get(tenantId, id)));
  for (const s of scans) if (s?.commitSha) commits.set(s.id, s.commitSha);
  return commits;
}

async function projectPage(services: ApiServices, c: Ctx): Promise<Response> {
  const tenantId = c.get('principal').tenant.id;
  const name = projectNameSchema.safeParse(c.req.param('name'));
  const project = name.success ? await services.store.projects.getByName(tenantId, name.data) : undefined;
  if (!project) return renderNotFound(c, 'project');
  const parsed = findingsFilterSchema.safeParse(c.req.query());
  const filter: FindingsFilter = parsed.success ? parsed.data : {};
  const error = parsed.success ? undefined : `Invalid filter ${firstIssue(parsed.error)}`;
  const page = parsed.success
    ? await listFindings(services.store, tenantId, { ...toFindingQuery(filter), projectId: project.id })
    : { items: [] };
  const view = {
    project,
    filter,
    findings: page.items,
    commits: await commitsOf(
      services,
      tenantId,
      page.items.map((f) => f.lastScanId),
    ),
    nextCursor: page.nextCursor,
    error,
  };
  return renderPage(c, {
    title: `Project ${project.name}`,
    active: 'projects',
    status: error === undefined ? 200 : 400,
    body: ProjectBody({ view }),
  });
}

type TriageRefill = Omit<NonNullable<FindingPageView['triage']>, 'csrf'>;

/** The newest scans that saw a finding listed on its page. */
const SCANS_SHOWN = 100;

/** The finding page (404 for unknown or another tenant's), with the triage form for a `triage` key. */
async function findingPage(
  services: ApiServices,
  c: Ctx,
  refill?: TriageRefill,
  status = 200,
): Promise<Response> {
  const tenantId = c.get('principal').tenant.id;
  const id = c.req.param('id') ?? '';
  let finding: Awaited<ReturnType<typeof readFinding>>;
  try {
    finding = await readFinding(services.store, tenantId, id);
  } catch (err) {
    if (isCoreError(err) && err.code === 'not_found') return renderNotFound(c, 'finding');
    throw err;
  }
  const [project, history, seen] = await Promise.all([
    services.store.projects.get(tenantId, finding.projectId),
    findingHistory(services.store, tenantId, id),
    services.store.scans.list(tenantId, {
      projectId: finding.projectId,
      findingId: finding.id,
      limit: SCANS_SHOWN,
    }),
  ]);
  if (!project) return renderNotFound(c, 'finding');
  const canTriage = hasScope(c.get('principal').scopes, 'triage');
  const view: FindingPageView = {
    finding,
    project,
    scans: seen.items,
    moreScans: seen.nextCursor !== undefined,
    history,
    triage: canTriage ? { csrf: csrfField(c), ...refill } : undefined,
  };
  return renderPage(c, {
    title: finding.finding.name,
    active: 'projects',
    status,
    body: FindingBody({ view }),
  });
}

async function triagePost(services: ApiServices, c: Ctx): Promise<Response> {
  const principal = c.get('principal');
  if (!hasScope(principal.scopes, 'triage'))
    return renderErrorPage(c, 403, 'Not allowed', 'Triage needs an API key with the triage scope.');
  const body = await c.req.parseBody();
  const form = triageFormSchema.safeParse({
    status: body.status,
    reason: typeof body.reason === 'string' && body.reason.trim() !== '' ? body.reason : undefined,
    expires: typeof body.expires === 'string' && body.expires !== '' ? body.expires : undefined,
  });
  const refill: TriageRefill = {
    status: typeof body.status === 'string' ? body.status : undefined,
    reason: typeof body.reason === 'string' ? body.reason : undefined,
    expires: typeof body.expires === 'string' ? body.expires : undefined,
  };
  if (!form.success)
    return findingPage(services, c, { ...refill, error: `Invalid ${firstIssue(form.error)}` }, 400);
  const status = findingStatusOf(form.data.status);
  const id = c.req.param('id') ?? '';
  try {
    await triageFinding(services.store, {
      tenantId: principal.tenant.id,
      id,
      status,
      reason: form.data.reason,
      // The date field applies to accepted risk only; left filled for another status it is ignored.
      expiresAt: status === 'accepted-risk' ? form.data.expires : undefined,
      actor: actorOf(c.get('principal')),
    });
  } catch (err) {
    if (!isCoreError(err)) throw err;
    if (err.code === 'not_found') return renderNotFound(c, 'finding');
    return findingPage(services, c, { ...refill, error: err.detail }, 400);
  }
  return c.redirect(findingPath(id), 303);
}

/**
 * The dashboard's Projects page (`/dashboard`), a project's findings (`/dashboard/projects/:name`),
 * a finding (`/dashboard/findings/:id`) and its triage form (`POST …/triage`), all behind a session.
 */
export function registerPageRoutes(app: OpenAPIHono<AppEnv>, services: ApiServices): void {
  const session = requireSession(services);
  app.get('/dashboard', session, (c) => projectsPage(services, c));
  app.get('/dashboard/projects/:name', session, (c) => projectPage(services, c));
  app.get('/dashboard/findings/:id', session, (c) => findingPage(services, c));
  app.post('/dashboard/findings/:id/triage', session, (c) => triagePost(services, c));
}
