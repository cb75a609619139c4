import { SCAN_KINDS, SCAN_STATUSES } from '@scanrelay/findings-schema';
import type { StoredScan } from '@scanrelay/storage';
import type { ApiServices } from '../../app-env.js';
import { type DashboardContext, renderErrorPage, renderPage } from '../dashboard-context.js';
import { projectPath, scanPath, Time } from '../format.js';
import { durationMs, formatDuration } from './duration.js';
import { CommitLink, FilterSelect, FilterText, Pager, SeverityCells, SeverityHeads } from './parts.js';
import { parseQuery, type ScanFilters, scanFiltersSchema } from './query.js';
import { repoUrls } from './repo-urls.js';

const PATH = '/dashboard/scans';

/** How long a finished scan ran (from its start, or its creation); `—` while it runs. */
export function scanDuration(scan: StoredScan): string {
  const ms = durationMs(scan.startedAt ?? scan.createdAt, scan.completedAt);
  return ms === undefined ? '—' : formatDuration(ms);
}

function Filters({ q }: { q: ScanFilters }) {
  return (
    <form method="get" action={PATH} class="filters" aria-label="Filter scans">
      <FilterText name="project" label="Project" value={q.project} maxLength={200} />
      <FilterText name="provider" label="Provider" value={q.provider} maxLength={100} />
      <FilterSelect name="kind" label="Kind" options={SCAN_KINDS} value={q.kind} />
      <FilterSelect name="status" label="Status" options={SCAN_STATUSES} value={q.status} />
      <p class="field">
        <button type="submit">Filter</button>
      </p>
    </form>
  );
}

function ScanRow({ scan, repoUrl }: { scan: StoredScan; repoUrl: string | undefined }) {
  return (
    <tr>
      <td>
        <a href={scanPath(scan.id)}>{scan.provider}</a>
      </td>
      <td>{scan.kind}</td>
      <td data-status={scan.status}>{scan.status}</td>
      <td>
        <a href={projectPath(scan.project)}>{scan.project}</a>
      </td>
      <td>
        <CommitLink sha={scan.commitSha} repoUrl={repoUrl} />
      </td>
      <SeverityCells counts={scan.counts} />
      <td>{scanDuration(scan)}</td>
      <td>
        <Time iso={scan.startedAt ?? scan.createdAt} />
      </td>
    </tr>
  );
}

/** `GET /dashboard/scans`: the tenant's scans, newest first, filtered like `GET /api/v1/scans`, paged by cursor. */
export async function scansPage(c: DashboardContext, services: ApiServices): Promise<Response> {
  const query = parseQuery(c, scanFiltersSchema);
  if (!query.ok) return renderErrorPage(c, 400, 'Invalid filter', query.message);
  const q = query.data;
  const tenantId = c.get('principal').tenant.id;
  const project = q.project ? await services.store.projects.getByName(tenantId, q.project) : undefined;
  const page =
    q.project && !project
      ? { items: [], nextCursor: undefined }
      : await services.store.scans.list(tenantId, {
          limit: q.limit,
          cursor: q.cursor,
          projectId: project?.id,
          provider: q.provider,
          kind: q.kind,
          status: q.status,
        });
  const urls = await repoUrls(
    services.store,
    tenantId,
    page.items.map((s) => s.projectId),
  );
  const { cursor: _cursor, ...filters } = q;
  return renderPage(c, {
    title: 'Scans',
    active: 'scans',
    body: (
      <>
        <h1>Scans</h1>
        <Filters q={q} />
        {page.items.length === 0 ? (
          <p>No scans match.</p>
        ) : (
          <div class="table-wrap">
            <table class="list">
              <caption>Scans, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Provider</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Status</th>
                  <th scope="col">Project</th>
                  <th scope="col">Commit</th>
                  <SeverityHeads />
                  <th scope="col">Duration</th>
                  <th scope="col">Started</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((scan) => (
                  <ScanRow scan={scan} repoUrl={urls.get(scan.projectId)} />
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pager path={PATH} params={filters} cursor={q.cursor} nextCursor={page.nextCursor} />
      </>
    ),
  });
}
