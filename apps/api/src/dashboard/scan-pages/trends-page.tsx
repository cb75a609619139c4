import { projectNameSchema } from '@scanrelay/api-schema';
import { readTrendReport, TREND_DAYS_DEFAULT, type TrendReport } from '@scanrelay/core';
import { SEVERITIES } from '@scanrelay/findings-schema';
import type { Child } from 'hono/jsx';
import type { ApiServices } from '../../app-env.js';
import { type DashboardContext, renderErrorPage, renderNotFound, renderPage } from '../dashboard-context.js';
import { projectPath, securityPagePath } from '../format.js';
import { formatDuration } from './duration.js';
import { SeverityCells, SeverityHeads } from './parts.js';
import { parsed, parseQuery, trendQuerySchema } from './query.js';

/** The periods the page offers (any `days` from 1 to the maximum is accepted). */
const PERIODS = [7, 30, 90, 365] as const;

/** The offered periods, and the one shown when it is another. */
function periodsWith(days: number): number[] {
  return PERIODS.includes(days as (typeof PERIODS)[number])
    ? [...PERIODS]
    : [...PERIODS, days].sort((a, b) => a - b);
}

/** The chart's numbers for `trends.js`: days and, per severity, the open findings of each day. */
function chartData(report: TrendReport): string {
  const series = Object.fromEntries(SEVERITIES.map((s) => [s, report.points.map((p) => p.counts[s])]));
  return JSON.stringify({ days: report.points.map((p) => p.day), series });
}

function FixTime({ report }: { report: TrendReport }) {
  const { fixed, meanMs } = report.fixTimes;
  if (fixed === 0 || meanMs === undefined) return <p id="mean-time-to-fix">No finding has been fixed yet.</p>;
  return (
    <p id="mean-time-to-fix">
      Mean time to fix: <strong>{formatDuration(meanMs)}</strong> over {fixed} fixed finding
      {fixed === 1 ? '' : 's'} (from first seen to fixed).
    </p>
  );
}

function PeriodForm({ action, days }: { action: string; days: number }) {
  return (
    <form method="get" action={action} class="filters" aria-label="Period">
      <p class="field">
        <label for="trend-days">Period</label>
        <select id="trend-days" name="days">
          {periodsWith(days).map((d) => (
            <option value={d} selected={d === days}>
              Last {d} days
            </option>
          ))}
        </select>
      </p>
      <p class="field">
        <button type="submit">Show</button>
      </p>
    </form>
  );
}

function TrendBody(props: {
  heading: string;
  action: string;
  days: number;
  report: TrendReport;
  intro?: Child;
}) {
  const rows = [...props.report.points].reverse();
  return (
    <>
      <h1>{props.heading}</h1>
      {props.intro}
      <FixTime report={props.report} />
      <PeriodForm action={props.action} days={props.days} />
      <h2 id="chart-heading">Open findings per severity, last {props.days} days</h2>
      <figure class="chart">
        <div id="trend-chart" class="trend-chart" aria-hidden="true" data-trend={chartData(props.report)} />
        <figcaption>
          At the end of each day (UTC): for each project and provider, the counts of its latest completed
          scan, summed. The table below has the same numbers.
        </figcaption>
      </figure>
      <div class="table-wrap">
        <table class="list" id="trend-table">
          <caption>Open findings per day, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              <SeverityHeads />
              <th scope="col" class="num">
                Total
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((p) => (
              <tr data-day={p.day}>
                <th scope="row">
                  <time datetime={p.day}>{p.day}</time>
                </th>
                <SeverityCells counts={p.counts} />
                <td class="num">{p.total}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

const CHART = { scripts: ['uplot.min.js', 'trends.js'], styles: ['uPlot.min.css'] } as const;

/** `GET /dashboard/trends`: the tenant's open findings per severity over time, and its mean time to fix. */
export async function tenantTrendsPage(c: DashboardContext, services: ApiServices): Promise<Response> {
  const query = parseQuery(c, trendQuerySchema);
  if (!query.ok) return renderErrorPage(c, 400, 'Invalid period', query.message);
  const days = query.data.days ?? TREND_DAYS_DEFAULT;
  const report = await readTrendReport(services.store, c.get('principal').tenant.id, { days });
  return renderPage(c, {
    title: 'Trends',
    active: 'trends',
    ...CHART,
    body: <TrendBody heading="Trends" action="/dashboard/trends" days={days} report={report} />,
  });
}

/** `GET /dashboard/projects/:name/trends`: the same for one project (404 for an unknown one or another tenant's). */
export async function projectTrendsPage(c: DashboardContext, services: ApiServices): Promise<Response> {
  const tenantId = c.get('principal').tenant.id;
  const name = parsed(projectNameSchema.safeParse(c.req.param('name')));
  const project = name.ok ? await services.store.projects.getByName(tenantId, name.data) : undefined;
  if (!project) return renderNotFound(c, 'project');
  const query = parseQuery(c, trendQuerySchema);
  if (!query.ok) return renderErrorPage(c, 400, 'Invalid period', query.message);
  const days = query.data.days ?? TREND_DAYS_DEFAULT;
  const report = await readTrendReport(services.store, tenantId, { projectId: project.id, days });
  const intro = (
    <p>
      <a href={projectPath(project.name)}>Findings of {project.name}</a> ·{' '}
      <a href={securityPagePath(project.name)}>Security page of {project.name}</a>
    </p>
  );
  return renderPage(c, {
    title: `Trends of ${project.name}`,
    active: 'trends',
    ...CHART,
    body: (
      <TrendBody
        heading={`Trends of ${project.name}`}
        action={projectPath(project.name, '/trends')}
        days={days}
        report={report}
        intro={intro}
      />
    ),
  });
}
