import type { StoredFinding } from '@scanrelay/storage';
import { LocationText, type RepoAtCommit } from '../finding-location.js';
import { findingPath, SeverityBadge } from '../format.js';
import { FINDING_STATUS_LABELS } from '../status-labels.js';

/**
 * A table of findings: severity, title (linked to the finding's page), rule, location (a file linked
 * at `repo`'s commit), tool and status.
 */
export function FindingsTable(props: {
  findings: readonly StoredFinding[];
  caption: string;
  repo?: RepoAtCommit;
}) {
  return (
    <div class="table-wrap">
      <table class="list">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">Severity</th>
            <th scope="col">Title</th>
            <th scope="col">Rule</th>
            <th scope="col">Location</th>
            <th scope="col">Tool</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {props.findings.map((f) => (
            <tr>
              <td>
                <SeverityBadge severity={f.severity} />
              </td>
              <td>
                <a href={findingPath(f.id)}>{f.finding.name}</a>
              </td>
              <td>
                <code>{f.ruleId}</code>
              </td>
              <td>
                <LocationText location={f.finding.location} repo={props.repo} />
              </td>
              <td>{f.tool}</td>
              <td>{FINDING_STATUS_LABELS[f.status]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
