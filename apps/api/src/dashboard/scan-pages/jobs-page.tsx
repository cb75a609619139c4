import { JOB_STATUSES, type JobLogLine, type JobRecord } from '@scanrelay/storage';
import type { ApiServices } from '../../app-env.js';
import { uuidParamSchema } from '../../schemas/common.js';
import { type DashboardContext, renderErrorPage, renderNotFound, renderPage } from '../dashboard-context.js';
import { scanPath, Time } from '../format.js';
import { durationMs, formatDuration } from './duration.js';
import { FilterSelect, FilterText, Pager } from './parts.js';
import { type JobFilters, jobFiltersSchema, parsed, parseQuery } from './query.js';

const PATH = '/dashboard/jobs';
/** Log lines a job page renders; the live stream sends the rest. */
const FIRST_LINES = 1000;
const ENDED: ReadonlySet<string> = new Set(['completed', 'failed', 'dead']);

/** The dashboard page of a job. */
export function jobHref(id: string): string {
  return `${PATH}/${encodeURIComponent(id)}`;
}

/** True when the job will not change any more (its log is complete). */
function hasEnded(job: Pick<JobRecord, 'status'>): boolean {
  return ENDED.has(job.status);
}

/** The scan a job ingested (an upload's, a fetch's), when its result names one. */
function resultScanId(job: JobRecord): string | undefined {
  const result = job.result as { scanId?: unknown } | null | undefined;
  return typeof result?.scanId === 'string' ? result.scanId : undefined;
}

function jobDuration(job: JobRecord): string {
  const ms = durationMs(job.startedAt, job.finishedAt);
  return ms === undefined ? '—' : formatDuration(ms);
}

function Filters({ q }: { q: JobFilters }) {
  return (
    <form method="get" action={PATH} class="filters" aria-label="Filter jobs">
      <FilterText name="type" label="Type" value={q.type} maxLength={100} />
      <FilterSelect name="status" label="Status" options={JOB_STATUSES} value={q.status} />
      <p class="field">
        <button type="submit">Filter</button>
      </p>
    </form>
  );
}

/** `GET /dashboard/jobs`: the tenant's jobs, newest first, filtered by type and status, paged by cursor. */
export async function jobsPage(c: DashboardContext, services: ApiServices): Promise<Response> {
  const query = parseQuery(c, jobFiltersSchema);
  if (!query.ok) return renderErrorPage(c, 400, 'Invalid filter', query.message);
  const q = query.data;
  const page = await services.store.jobs.list(c.get('principal').tenant.id, {
    limit: q.limit,
    cursor: q.cursor,
    type: q.type,
    status: q.status,
  });
  const { cursor: _cursor, ...filters } = q;
  return renderPage(c, {
    title: 'Jobs',
    active: 'jobs',
    body: (
      <>
        <h1>Jobs</h1>
        <Filters q={q} />
        {page.items.length === 0 ? (
          <p>No jobs match.</p>
        ) : (
          <div class="table-wrap">
            <table class="list">
              <caption>Jobs, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Job</th>
                  <th scope="col">Type</th>
                  <th scope="col">Status</th>
                  <th scope="col" class="num">
                    Progress
                  </th>
                  <th scope="col" class="num">
                    Attempts
                  </th>
                  <th scope="col">Created</th>
                  <th scope="col">Duration</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((job) => (
                  <tr>
                    <td>
                      <a href={jobHref(job.id)}>
                        <code>{job.id.slice(0, 8)}</code>
                      </a>
                    </td>
                    <td>{job.type}</td>
                    <td data-status={job.status}>{job.status}</td>
                    <td class="num">{job.progress}%</td>
                    <td class="num">{job.attempts}</td>
                    <td>
                      <Time iso={job.createdAt} />
                    </td>
                    <td>{jobDuration(job)}</td>
                  </tr>
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

/** One log line; `job-log.js` builds the same markup for the lines that arrive live. */
function LogLine({ line }: { line: JobLogLine }) {
  return (
    <li data-seq={line.seq} data-level={line.level}>
      <time datetime={line.at}>{line.at.slice(11, 19)}</time> <span class="log-level">{line.level}</span>{' '}
      <span class="log-message">{line.message}</span>
    </li>
  );
}

/**
 * `GET /dashboard/jobs/:id`: the job and its log. While the job runs, `job-log.js` follows
 * `/dashboard/jobs/:id/events` and appends each new line, then shows the final status.
 */
export async function jobPage(c: DashboardContext, services: ApiServices): Promise<Response> {
  const { store } = services;
  const tenantId = c.get('principal').tenant.id;
  const id = parsed(uuidParamSchema.safeParse({ id: c.req.param('id') }));
  const job = id.ok ? await store.jobs.get(tenantId, id.data.id) : undefined;
  if (!job) return renderNotFound(c, 'job');
  const lines = await store.jobLogs.list(tenantId, job.id, { limit: FIRST_LINES });
  const live = !hasEnded(job) || lines.length === FIRST_LINES;
  const after = lines.at(-1)?.seq ?? 0;
  const scanId = resultScanId(job);
  return renderPage(c, {
    title: `Job ${job.type}`,
    active: 'jobs',
    scripts: live ? ['job-log.js'] : [],
    body: (
      <>
        <h1>
          Job {job.type} <code>{job.id}</code>
        </h1>
        <dl class="facts">
          <dt>Status</dt>
          <dd id="job-status" data-status={job.status}>
            {job.status}
          </dd>
          <dt>Progress</dt>
          <dd>{job.progress}%</dd>
          <dt>Attempts</dt>
          <dd>{job.attempts}</dd>
          <dt>Created</dt>
          <dd>
            <Time iso={job.createdAt} />
          </dd>
          <dt>Started</dt>
          <dd>
            <Time iso={job.startedAt} />
          </dd>
          <dt>Finished</dt>
          <dd>
            <Time iso={job.finishedAt} />
          </dd>
          {scanId ? (
            <>
              <dt>Scan</dt>
              <dd>
                <a href={scanPath(scanId)}>
                  <code>{scanId}</code>
                </a>
              </dd>
            </>
          ) : null}
          {job.error ? (
            <>
              <dt>Error</dt>
              <dd>{job.error}</dd>
            </>
          ) : null}
        </dl>
        <h2 id="log-heading">Log</h2>
        {live ? <p class="note">This log updates while the job runs.</p> : null}
        <div role="log" aria-labelledby="log-heading">
          <ol
            id="job-log"
            class="log"
            data-events={live ? `${jobHref(job.id)}/events` : undefined}
            data-after={after}
          >
            {lines.map((line) => (
              <LogLine line={line} />
            ))}
          </ol>
        </div>
        {lines.length === 0 && !live ? <p>The job wrote no log lines.</p> : null}
      </>
    ),
  });
}
