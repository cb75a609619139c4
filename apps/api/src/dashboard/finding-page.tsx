import { commitUrl } from '@scanrelay/core';
import type { FindingHistoryEntry, Project, StoredFinding, StoredScan } from '@scanrelay/storage';
import { TRIAGE_STATUSES } from '@scanrelay/storage';
import type { Child } from 'hono/jsx';
import { httpUrl } from '../security-page/html.js';
import { cweUrl, vulnerabilityUrl } from './finding-links.js';
import { LocationText } from './finding-location.js';
import { projectPath, SeverityBadge, scanPath, Time } from './format.js';
import { FINDING_STATUS_LABELS } from './status-labels.js';

/** What the finding page shows. */
export interface FindingPageView {
  finding: StoredFinding;
  project: Project;
  /** The scans that saw it (its scan–finding links), newest first. */
  scans: readonly StoredScan[];
  /** More scans saw it than `scans` lists. */
  moreScans?: boolean;
  history: readonly FindingHistoryEntry[];
  /** The triage form, when the session's key holds `triage`: its CSRF field and what to refill. */
  triage?: { csrf: Child; status?: string; reason?: string; expires?: string; error?: string };
}

function IdLinks({ ids, url }: { ids: readonly string[]; url: (id: string) => string | undefined }) {
  if (ids.length === 0) return <span class="muted">None</span>;
  return (
    <ul class="links">
      {ids.map((id) => {
        const href = url(id);
        return (
          <li>
            {href ? (
              <a href={href} rel="noopener noreferrer">
                {id}
              </a>
            ) : (
              id
            )}
          </li>
        );
      })}
    </ul>
  );
}

function ScansTable({
  scans,
  more,
  repoUrl,
}: {
  scans: readonly StoredScan[];
  more?: boolean;
  repoUrl?: string | null;
}) {
  if (scans.length === 0) return <p>No scan of this finding is recorded.</p>;
  return (
    <>
      <table class="list" id="scans">
        <caption>Scans that saw this finding</caption>
        <thead>
          <tr>
            <th scope="col">Scan</th>
            <th scope="col">Provider</th>
            <th scope="col">Status</th>
            <th scope="col">Commit</th>
            <th scope="col">Completed</th>
          </tr>
        </thead>
        <tbody>
          {scans.map((s) => (
            <tr>
              <th scope="row">
                <a href={scanPath(s.id)}>{s.id}</a>
              </th>
              <td>{s.provider}</td>
              <td>{s.status}</td>
              <td>
                <CommitLink sha={s.commitSha} repoUrl={repoUrl} />
              </td>
              <td>
                <Time iso={s.completedAt ?? s.createdAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {more ? <p>Only the newest {scans.length} scans are listed.</p> : null}
    </>
  );
}

/** The commit's 7 first characters, linked to its page in the repository when there is one. */
function CommitLink({ sha, repoUrl }: { sha?: string | null; repoUrl?: string | null }) {
  if (!sha) return <span class="muted">—</span>;
  const href = repoUrl ? commitUrl(repoUrl, sha) : undefined;
  return href ? (
    <a href={href} title={sha} rel="noopener noreferrer">
      <code>{sha.slice(0, 7)}</code>
    </a>
  ) : (
    <code title={sha}>{sha.slice(0, 7)}</code>
  );
}

function HistoryList({ history }: { history: readonly FindingHistoryEntry[] }) {
  if (history.length === 0) return <p>No triage decision yet.</p>;
  return (
    <ol class="history" id="history">
      {history.map((h) => (
        <li>
          <Time iso={h.at} />
          {` ${h.actor}: ${FINDING_STATUS_LABELS[h.from]} → ${FINDING_STATUS_LABELS[h.to]}`}
          {h.reason ? ` — ${h.reason}` : ''}
          {h.acceptedUntil ? (
            <>
              {' (until '}
              <Time iso={h.acceptedUntil} />
              {')'}
            </>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

function TriageForm({
  id,
  form,
  current,
}: {
  id: string;
  form: NonNullable<FindingPageView['triage']>;
  current: string;
}) {
  const selected = form.status ?? current;
  return (
    <form
      method="post"
      action={`/dashboard/findings/${encodeURIComponent(id)}/triage`}
      class="stack"
      id="triage"
    >
      {form.csrf}
      {form.error === undefined ? null : (
        <p class="message" role="alert">
          {form.error}
        </p>
      )}
      <div>
        <label for="t-status">Status</label>
        <select id="t-status" name="status">
          {TRIAGE_STATUSES.map((s) => (
            <option value={s} selected={s === selected}>
              {FINDING_STATUS_LABELS[s]}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label for="t-reason">Reason (required for false positive and accepted risk)</label>
        <textarea id="t-reason" name="reason" maxlength={2000}>
          {form.reason ?? ''}
        </textarea>
      </div>
      <div>
        <label for="t-expires">Accepted until (accepted risk only; empty: no expiry)</label>
        <input id="t-expires" name="expires" type="date" value={form.expires ?? ''} />
      </div>
      <button type="submit">Save decision</button>
    </form>
  );
}

/** A finding: what it is, where, its ids and references, the scans that saw it, its triage. */
export function FindingBody({ view }: { view: FindingPageView }) {
  const f = view.finding.finding;
  const stored = view.finding;
  const lastCommit = view.scans.find((s) => s.id === stored.lastScanId)?.commitSha;
  return (
    <>
      <p>
        <a href={projectPath(view.project.name)}>{`Project ${view.project.name}`}</a>
      </p>
      <h1>{f.name}</h1>
      <dl class="facts">
        <dt>Severity</dt>
        <dd>
          <SeverityBadge severity={stored.severity} />
        </dd>
        <dt>Status</dt>
        <dd id="status">{FINDING_STATUS_LABELS[stored.status]}</dd>
        {stored.triageReason ? (
          <>
            <dt>Triage</dt>
            <dd>{`${stored.triageReason} (${stored.triagedBy ?? 'unknown'})`}</dd>
          </>
        ) : null}
        {stored.acceptedUntil ? (
          <>
            <dt>Accepted until</dt>
            <dd>
              <Time iso={stored.acceptedUntil} />
            </dd>
          </>
        ) : null}
        <dt>Location</dt>
        <dd>
          <LocationText
            location={f.location}
            repo={{ repoUrl: view.project.repoUrl, commitSha: lastCommit }}
          />
        </dd>
        <dt>Tool</dt>
        <dd>{f.tool.version ? `${f.tool.name} ${f.tool.version}` : f.tool.name}</dd>
        <dt>Rule</dt>
        <dd>
          <code>{f.ruleId}</code>
        </dd>
        <dt>First seen</dt>
        <dd>
          <Time iso={stored.firstSeenAt} />
        </dd>
        <dt>Last seen</dt>
        <dd>
          <Time iso={stored.lastSeenAt} />
        </dd>
        <dt>Occurrences</dt>
        <dd>{stored.occurrences}</dd>
        <dt>CWE</dt>
        <dd>
          <IdLinks ids={f.cwe} url={cweUrl} />
        </dd>
        <dt>Vulnerabilities</dt>
        <dd>
          <IdLinks ids={f.cve} url={vulnerabilityUrl} />
        </dd>
      </dl>
      <h2>Description</h2>
      <p class="prose">{f.description ?? 'No description.'}</p>
      {f.mitigation ? (
        <>
          <h2>Mitigation</h2>
          <p class="prose">{f.mitigation}</p>
        </>
      ) : null}
      <h2>References</h2>
      {f.references.length === 0 ? (
        <p>None.</p>
      ) : (
        <ul class="links" id="references">
          {f.references.map((r) => {
            const href = httpUrl(r);
            return (
              <li>
                {href ? (
                  <a href={href} rel="noopener noreferrer">
                    {r}
                  </a>
                ) : (
                  r
                )}
              </li>
            );
          })}
        </ul>
      )}
      <h2>Scans</h2>
      <ScansTable scans={view.scans} more={view.moreScans} repoUrl={view.project.repoUrl} />
      <h2>Triage history</h2>
      <HistoryList history={view.history} />
      {view.triage ? (
        <>
          <h2>Triage</h2>
          <TriageForm id={stored.id} form={view.triage} current={stored.status} />
        </>
      ) : null}
    </>
  );
}
