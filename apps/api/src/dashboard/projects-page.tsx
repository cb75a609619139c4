import type { ProjectOverview } from '@scanrelay/core';
import { SEVERITIES } from '@scanrelay/findings-schema';
import { SEVERITY_LABELS } from '../security-page/severity-labels.js';
import { projectPath, scanPath, Time } from './format.js';
import { Sparkline } from './sparkline.js';

function ProjectRow({ row }: { row: ProjectOverview }) {
  const name = row.project.name;
  return (
    <tr>
      <th scope="row">
        <a href={projectPath(name)}>{name}</a>
      </th>
      <td>
        <span class={`badge verdict-${row.verdict}`}>{row.verdict === 'pass' ? 'Pass' : 'Fail'}</span>
      </td>
      {SEVERITIES.map((s) => (
        <td class="num" data-severity={s}>
          {row.open[s]}
        </td>
      ))}
      <td>
        {row.lastScan ? (
          <a href={scanPath(row.lastScan.id)}>
            <Time iso={row.lastScan.completedAt ?? row.lastScan.createdAt} />
          </a>
        ) : (
          <span class="muted">Never</span>
        )}
      </td>
      <td>{row.blocked ? <span class="badge blocked">Blocklisted</span> : <span class="muted">No</span>}</td>
      <td>
        <Sparkline points={row.trend} label={`Findings of ${name}`} />
      </td>
    </tr>
  );
}

/** The Projects page: one row per project with verdict, open counts, last scan, blocklist, trend. */
export function ProjectsBody({ rows, nextHref }: { rows: readonly ProjectOverview[]; nextHref?: string }) {
  return (
    <>
      <h1>Projects</h1>
      {rows.length === 0 ? (
        <p>No project has been scanned yet.</p>
      ) : (
        <table class="list" id="projects">
          <caption>Projects, their open findings and their last scans</caption>
          <thead>
            <tr>
              <th scope="col">Project</th>
              <th scope="col">Verdict</th>
              {SEVERITIES.map((s) => (
                <th scope="col" class="num">
                  {`Open ${SEVERITY_LABELS[s].toLowerCase()}`}
                </th>
              ))}
              <th scope="col">Last scan</th>
              <th scope="col">Blocklist</th>
              <th scope="col">Trend</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <ProjectRow row={row} />
            ))}
          </tbody>
        </table>
      )}
      {nextHref ? (
        <nav class="pager" aria-label="Pages">
          <a href={nextHref} rel="next">
            Next page
          </a>
        </nav>
      ) : null}
    </>
  );
}
