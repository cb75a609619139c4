import type { ProviderSecurity } from '@scanrelay/api-schema';
import { escapeHtml, link, time } from './html.js';
import { renderCountsTable, STATUS_LABELS } from './severity-labels.js';

/** The scanned commit: its first 7 hex digits, linking to the commit's page; the full sha as title. */
function renderCommit(sha: string, commitUrl: string | undefined): string {
  const code = `<code>${escapeHtml(sha.slice(0, 7))}</code>`;
  return link(commitUrl, code, {
    title: sha,
    fallback: `<code title="${escapeHtml(sha)}">${escapeHtml(sha.slice(0, 7))}</code>`,
  });
}

function fact(term: string, valueHtml: string): string {
  return `<dt>${escapeHtml(term)}</dt><dd>${valueHtml}</dd>`;
}

function verdictBadge(verdict: ProviderSecurity['verdict']): string {
  if (verdict === undefined) return 'None yet';
  return `<span class="badge verdict-${verdict}">${verdict === 'pass' ? 'Pass' : 'Fail'}</span>`;
}

/** One provider's card: status, verdict, counts, score, commit, scan time, tool, attestation, error. */
export function renderProviderCard(p: ProviderSecurity): string {
  const facts = [
    fact('Status', escapeHtml(STATUS_LABELS[p.status] ?? p.status)),
    fact('Verdict', verdictBadge(p.verdict)),
  ];
  if (p.score !== undefined) facts.push(fact('Score', `${escapeHtml(p.score)} / 100`));
  facts.push(
    fact('Commit', p.commitSha === undefined ? 'Not recorded' : renderCommit(p.commitSha, p.commitUrl)),
  );
  facts.push(fact('Scanned at', p.scannedAt === undefined ? 'Not yet' : time(p.scannedAt)));
  facts.push(fact('Dispatched at', time(p.dispatchedAt)));
  if (p.tool !== undefined) {
    const version = p.tool.version === undefined ? '' : ` ${escapeHtml(p.tool.version)}`;
    facts.push(fact('Tool', `${escapeHtml(p.tool.name)}${version}`));
  }
  facts.push(fact('Attested', p.attested ? 'Yes, signature verified' : 'No'));
  const error =
    p.error ??
    (p.status === 'timed_out'
      ? 'No result arrived in time'
      : p.status === 'failed'
        ? 'No reason given'
        : undefined);
  if (error !== undefined) facts.push(fact('Error', `<span class="error">${escapeHtml(error)}</span>`));
  return [
    '<li><article>',
    `<h3>${escapeHtml(p.provider)}</h3>`,
    `<dl class="facts">${facts.join('')}</dl>`,
    renderCountsTable(p.counts, `Findings of ${p.provider}`),
    '</article></li>',
  ].join('\n');
}
