import { SEVERITIES } from '@scanrelay/findings-schema';
import {
  FINDING_LOCATION_KINDS,
  FINDING_SORTS,
  FINDING_STATUSES,
  type Project,
  type StoredFinding,
} from '@scanrelay/storage';
import { httpUrl } from '../security-page/html.js';
import { SEVERITY_LABELS } from '../security-page/severity-labels.js';
import { LocationText, type RepoAtCommit } from './finding-location.js';
import { type FindingsFilter, filterSearch } from './findings-filter.js';
import { findingPath, projectPath, SeverityBadge, securityPagePath, Time } from './format.js';
import { FINDING_STATUS_LABELS } from './status-labels.js';

const KIND_LABELS = { source: 'Source file', package: 'Package', url: 'URL', host: 'Host' } as const;
const SORT_LABELS = {
  id: 'First imported',
  severity: 'Severity',
  first_seen: 'First seen',
  last_seen: 'Last seen',
} as const;

function Select<T extends string>(props: {
  name: string;
  label: string;
  value: T | undefined;
  options: readonly T[];
  labels: Readonly<Record<T, string>>;
  any?: string;
}) {
  return (
    <div>
      <label for={`f-${props.name}`}>{props.label}</label>
      <select id={`f-${props.name}`} name={props.name}>
        {props.any === undefined ? null : <option value="">{props.any}</option>}
        {props.options.map((o) => (
          <option value={o} selected={o === props.value}>
            {props.labels[o]}
          </option>
        ))}
      </select>
    </div>
  );
}

function RepoItem({ url }: { url: string }) {
  const href = httpUrl(url);
  return (
    <li>
      {'Repository: '}
      {href ? (
        <a href={href} rel="noopener noreferrer">
          {url}
        </a>
      ) : (
        url
      )}
    </li>
  );
}

function FilterForm({ action, filter }: { action: string; filter: FindingsFilter }) {
  return (
    <form method="get" action={action} class="filters" aria-label="Filter findings">
      <Select
        name="severity"
        label="Severity"
        value={filter.severity}
        options={SEVERITIES}
        labels={SEVERITY_LABELS}
        any="Any"
      />
      <Select
        name="status"
        label="Status"
        value={filter.status}
        options={FINDING_STATUSES}
        labels={FINDING_STATUS_LABELS}
        any="Any"
      />
      <div>
        <label for="f-tool">Tool</label>
        <input id="f-tool" name="tool" type="text" value={filter.tool ?? ''} size={12} />
      </div>
      <Select
        name="kind"
        label="Kind"
        value={filter.kind}
        options={FINDING_LOCATION_KINDS}
        labels={KIND_LABELS}
        any="Any"
      />
      <div>
        <label for="f-q">Search</label>
        <input id="f-q" name="q" type="search" value={filter.q ?? ''} size={20} />
      </div>
      <Select
        name="sort"
        label="Sort by"
        value={filter.sort ?? 'id'}
        options={FINDING_SORTS}
        labels={SORT_LABELS}
      />
      <Select
        name="order"
        label="Order"
        value={filter.order ?? 'asc'}
        options={['asc', 'desc'] as const}
        labels={{ asc: 'Ascending', desc: 'Descending' }}
      />
      <button type="submit">Apply</button>
    </form>
  );
}

/** What the findings table of a project page needs. */
export interface ProjectPageView {
  project: Project;
  filter: FindingsFilter;
  findings: readonly StoredFinding[];
  /** The commit each finding was last seen at, by scan id (for file links). */
  commits: ReadonlyMap<string, string>;
  nextCursor?: string;
  /** A message about the filters (400). */
  error?: string;
}

function FindingRow({ f, repo }: { f: StoredFinding; repo: RepoAtCommit }) {
  return (
    <tr>
      <td>
        <SeverityBadge severity={f.severity} />
      </td>
      <th scope="row">
        <a href={findingPath(f.id)}>{f.finding.name}</a>
      </th>
      <td>
        <LocationText location={f.finding.location} repo={repo} />
      </td>
      <td>{f.finding.tool.name}</td>
      <td>{FINDING_STATUS_LABELS[f.status]}</td>
      <td>
        <Time iso={f.firstSeenAt} />
      </td>
      <td>
        <Time iso={f.lastSeenAt} />
      </td>
      <td class="num">{f.occurrences}</td>
    </tr>
  );
}

/** A project's page: links to its security page and trends, the filter form, the findings, paging. */
export function ProjectBody({ view }: { view: ProjectPageView }) {
  const name = view.project.name;
  const base = projectPath(name);
  return (
    <>
      <h1>{`Project ${name}`}</h1>
      <ul class="links">
        <li>
          <a href={securityPagePath(name)}>Security page</a>
        </li>
        <li>
          <a href={projectPath(name, '/trends')}>Trends</a>
        </li>
        {view.project.repoUrl ? <RepoItem url={view.project.repoUrl} /> : null}
      </ul>
      <h2>Findings</h2>
      <FilterForm action={base} filter={view.filter} />
      {view.error === undefined ? null : (
        <p class="message" role="alert">
          {view.error}
        </p>
      )}
      {view.findings.length === 0 ? (
        <p>No finding matches these filters.</p>
      ) : (
        <table class="list" id="findings">
          <caption>{`Findings of ${name}`}</caption>
          <thead>
            <tr>
              <th scope="col">Severity</th>
              <th scope="col">Name</th>
              <th scope="col">Location</th>
              <th scope="col">Tool</th>
              <th scope="col">Status</th>
              <th scope="col">First seen</th>
              <th scope="col">Last seen</th>
              <th scope="col" class="num">
                Occurrences
              </th>
            </tr>
          </thead>
          <tbody>
            {view.findings.map((f) => (
              <FindingRow
                f={f}
                repo={{ repoUrl: view.project.repoUrl, commitSha: view.commits.get(f.lastScanId) }}
              />
            ))}
          </tbody>
        </table>
      )}
      <nav class="pager" aria-label="Pages">
        {view.filter.cursor ? <a href={`${base}${filterSearch(view.filter)}`}>First page</a> : null}
        {view.nextCursor ? (
          <a href={`${base}${filterSearch(view.filter, view.nextCursor)}`} rel="next">
            Next page
          </a>
        ) : null}
      </nav>
    </>
  );
}
