import type { StoredForward, StoredScan } from '@scanrelay/storage';
import type { ApiServices } from '../../app-env.js';
import { pageQuerySchema, uuidParamSchema } from '../../schemas/common.js';
import { type DashboardContext, renderErrorPage, renderNotFound, renderPage } from '../dashboard-context.js';
import { projectPath, scanPath, securityPagePath, Time } from '../format.js';
import { jobHref } from './jobs-page.js';
import { CommitLink, CountsTable, Pager } from './parts.js';
import { parsed, parseQuery } from './query.js';
import { FindingsTable } from './scan-findings.js';
import { scanDuration } from './scans-page.js';

function Facts({ scan, repoUrl }: { scan: StoredScan; repoUrl: string | undefined }) {
  return (
    <dl class="facts">
      <dt>Project</dt>
      <dd>
        <a href={projectPath(scan.project)}>{scan.project}</a> (
        <a href={securityPagePath(scan.project)}>security page</a>)
      </dd>
      <dt>Provider</dt>
      <dd>{scan.provider}</dd>
      <dt>Kind</dt>
      <dd>{scan.kind}</dd>
      <dt>Status</dt>
      <dd data-status={scan.status}>
        {scan.status}
        {scan.statusDetail ? ` — ${scan.statusDetail}` : ''}
      </dd>
      <dt>Commit</dt>
      <dd>
        <CommitLink sha={scan.commitSha} repoUrl={repoUrl} />
      </dd>
      {scan.target ? (
        <>
          <dt>Target</dt>
          <dd>
            <code>{scan.target}</code>
          </dd>
        </>
      ) : null}
      {scan.externalId ? (
        <>
          <dt>External id</dt>
          <dd>
            <code>{scan.externalId}</code>
          </dd>
        </>
      ) : null}
      <dt>Verdict</dt>
      <dd>{scan.verdict ?? '—'}</dd>
      <dt>Score</dt>
      <dd>{scan.score ?? '—'}</dd>
      <dt>Duration</dt>
      <dd>{scanDuration(scan)}</dd>
      <dt>Created</dt>
      <dd>
        <Time iso={scan.createdAt} />
      </dd>
      <dt>Started</dt>
      <dd>
        <Time iso={scan.startedAt} />
      </dd>
      <dt>Completed</dt>
      <dd>
        <Time iso={scan.completedAt} />
      </dd>
    </dl>
  );
}

function Forwards({ forwards }: { forwards: readonly StoredForward[] }) {
  if (forwards.length === 0) return <p>Not forwarded to any destination.</p>;
  return (
    <div class="table-wrap">
      <table class="list">
        <caption>Forwards of this scan</caption>
        <thead>
          <tr>
            <th scope="col">Destination</th>
            <th scope="col">Kind</th>
            <th scope="col">Status</th>
            <th scope="col" class="num">
              Sent
            </th>
            <th scope="col" class="num">
              Attempts
            </th>
            <th scope="col">Last error</th>
            <th scope="col">Job</th>
          </tr>
        </thead>
        <tbody>
          {forwards.map((f) => (
            <tr>
              <td>{f.destination}</td>
              <td>{f.kind}</td>
              <td>{f.status}</td>
              <td class="num">{f.sent}</td>
              <td class="num">{f.attempts}</td>
              <td>{f.lastError ?? '—'}</td>
              <td>{f.context.jobId ? <a href={jobHref(f.context.jobId)}>log</a> : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** `GET /dashboard/scans/:id`: the scan's facts, counts, forwards and a page of the findings it saw. */
export async function scanPage(c: DashboardContext, services: ApiServices): Promise<Response> {
  const { store } = services;
  const tenantId = c.get('principal').tenant.id;
  const id = parsed(uuidParamSchema.safeParse({ id: c.req.param('id') }));
  const scan = id.ok ? await store.scans.get(tenantId, id.data.id) : undefined;
  if (!scan) return renderNotFound(c, 'scan');
  const query = parseQuery(c, pageQuerySchema);
  if (!query.ok) return renderErrorPage(c, 400, 'Invalid page', query.message);
  const [project, forwards, findings] = await Promise.all([
    store.projects.get(tenantId, scan.projectId),
    store.forwards.listForScan(tenantId, scan.id),
    store.findings.list(tenantId, { scanId: scan.id, limit: query.data.limit, cursor: query.data.cursor }),
  ]);
  const title = `Scan ${scan.provider} of ${scan.project}`;
  return renderPage(c, {
    title,
    active: 'scans',
    body: (
      <>
        <h1>{title}</h1>
        <Facts scan={scan} repoUrl={project?.repoUrl} />
        <h2>Counts</h2>
        <CountsTable counts={scan.counts} caption="Findings this scan reported, per severity" />
        <h2>Forwards</h2>
        <Forwards forwards={forwards} />
        <h2>Findings it saw</h2>
        {findings.items.length === 0 ? (
          <p>{query.data.cursor ? 'No more findings.' : 'This scan saw no findings.'}</p>
        ) : (
          <FindingsTable
            findings={findings.items}
            caption="Findings this scan saw"
            repo={{ repoUrl: project?.repoUrl, commitSha: scan.commitSha }}
          />
        )}
        <Pager
          path={scanPath(scan.id)}
          params={{ limit: query.data.limit }}
          cursor={query.data.cursor}
          nextCursor={findings.nextCursor}
        />
      </>
    ),
  });
}
