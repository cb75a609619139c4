import type { BlocklistEntryView, ProjectSecurity } from '@scanrelay/api-schema';
import { escapeHtml, link, time } from './html.js';
import { renderDocument } from './page-document.js';
import { renderFindings } from './render-findings.js';
import { renderProviderCard } from './render-provider-card.js';
import { renderCountsTable, SEVERITY_LABELS } from './severity-labels.js';

const VERDICT_HEADINGS: Readonly<Record<ProjectSecurity['verdict'], string>> = {
  pass: 'Verdict: pass',
  fail: 'Verdict: fail',
  pending: 'Verdict: pending',
  none: 'Not scanned yet',
};

function verdictSummary(view: ProjectSecurity): string {
  switch (view.verdict) {
    case 'pass':
      return 'Every provider’s current result passes.';
    case 'pending':
      return 'A scan is in flight and no provider’s current result fails so far.';
    case 'none':
      return 'No external SAST scan of this project has been recorded.';
    case 'fail': {
      const failing = view.providers.filter((p) => p.verdict === 'fail').map((p) => p.provider);
      if (view.blocked) return 'This project is blocklisted: installers and CI gates refuse it.';
      return failing.length > 0 ? `Failing: ${failing.join(', ')}.` : 'The project fails the policy.';
    }
  }
}

function renderBlocklistEntry(e: BlocklistEntryView): string {
  return (
    `<li><strong>${escapeHtml(e.reason)}</strong> ` +
    `(${escapeHtml(SEVERITY_LABELS[e.severity] ?? e.severity)}, ${escapeHtml(e.threatType)}, ` +
    `discovered by ${escapeHtml(e.discoveredBy)}, since ${time(e.createdAt)})</li>`
  );
}

/** The verdict banner: pass, fail, pending or not scanned yet, with every active blocklist reason. */
function renderBanner(view: ProjectSecurity): string {
  const entries = view.blocklist.filter((e) => e.active);
  const parts = [
    `<section class="banner banner-${view.verdict}" aria-labelledby="verdict">`,
    `<h2 id="verdict">${VERDICT_HEADINGS[view.verdict]}</h2>`,
    `<p>${escapeHtml(verdictSummary(view))}</p>`,
  ];
  if (entries.length > 0)
    parts.push(
      '<p>Blocklist:</p>',
      `<ul class="blocklist">${entries.map(renderBlocklistEntry).join('\n')}</ul>`,
    );
  parts.push('</section>');
  return parts.join('\n');
}

function renderProviders(view: ProjectSecurity): string {
  const body =
    view.providers.length === 0
      ? '<p>No provider has scanned this project yet.</p>'
      : `<ul class="cards">${view.providers.map(renderProviderCard).join('\n')}</ul>`;
  return `<section aria-labelledby="providers"><h2 id="providers">Providers</h2>\n${body}</section>`;
}

/**
 * The project's security page as a complete HTML5 document: verdict banner, totals, one card per
 * provider and the findings by severity. Every value is escaped; only http(s) URLs become links;
 * no script and nothing from another host.
 */
export function renderSecurityPage(view: ProjectSecurity): string {
  const repo =
    view.repoUrl === undefined
      ? ''
      : `<p class="repo">Repository: ${link(view.repoUrl, escapeHtml(view.repoUrl))}</p>`;
  const main = [
    `<h1>Security of ${escapeHtml(view.project)}</h1>`,
    repo,
    renderBanner(view),
    '<section aria-labelledby="totals"><h2 id="totals">Totals</h2>',
    renderCountsTable(view.counts, 'Findings of all providers’ current results'),
    '</section>',
    renderProviders(view),
    renderFindings(view),
  ];
  return renderDocument(`Security of ${view.project} — scanrelay`, main.filter((s) => s !== '').join('\n'));
}
