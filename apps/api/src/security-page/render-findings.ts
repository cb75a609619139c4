import type { ProjectSecurity, SecurityFinding } from '@scanrelay/api-schema';
import { severityRank } from '@scanrelay/findings-schema';
import { escapeHtml, link } from './html.js';
import { SEVERITY_LABELS, totalOf } from './severity-labels.js';

/** `file:line` (or the file alone), linking to the file at the scanned commit when `url` is http(s). */
function renderLocation(f: SecurityFinding): string {
  if (f.file === undefined) return '';
  const where = f.line === undefined ? f.file : `${f.file}:${f.line}`;
  return ` · ${link(f.url, `<code>${escapeHtml(where)}</code>`)}`;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function renderFinding(f: SecurityFinding): string {
  const rule = f.ruleId === undefined ? '' : `rule <code>${escapeHtml(f.ruleId)}</code> · `;
  return (
    `<li><span class="finding-title">${escapeHtml(f.title)}</span>` +
    `<span class="finding-meta">${rule}${escapeHtml(f.provider)}${renderLocation(f)}</span></li>`
  );
}

/**
 * The findings grouped by severity, critical first (whatever order the view lists the groups in),
 * one heading per non-empty group, and a note on how many were left out when the list is truncated.
 */
export function renderFindings(view: ProjectSecurity): string {
  const groups = view.findings
    .filter((g) => g.items.length > 0)
    .sort((a, b) => severityRank[b.severity] - severityRank[a.severity]);
  const shown = groups.reduce((sum, g) => sum + g.items.length, 0);
  const parts = ['<h2 id="findings">Findings</h2>'];
  if (groups.length === 0) parts.push('<p>No findings in the current results.</p>');
  for (const g of groups) {
    const label = SEVERITY_LABELS[g.severity];
    const count = Math.max(view.counts[g.severity], g.items.length);
    parts.push(
      `<h3><span class="badge sev-${g.severity}">${label}</span> ${plural(count, 'finding')}</h3>`,
      `<ul class="findings" aria-label="${label} findings">${g.items.map(renderFinding).join('\n')}</ul>`,
    );
  }
  if (view.findingsTruncated) {
    const hidden = totalOf(view.counts) - shown;
    parts.push(
      hidden > 0
        ? `<p class="note">${escapeHtml(hidden)} more not shown.</p>`
        : '<p class="note">More findings not shown.</p>',
    );
  }
  return `<section aria-labelledby="findings">${parts.join('\n')}</section>`;
}
