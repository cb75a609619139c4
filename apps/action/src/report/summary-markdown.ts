import { SEVERITIES, type SeverityCounts } from '@scanrelay/findings-schema';
import type { ActionOutcome } from './action-outcome.js';
import type { Highlight } from './highlight.js';

/** Text safe inside a Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|').slice(0, 300);
}

function locationOf(h: Highlight): string {
  if (h.file) return `\`${cell(h.file)}${h.line ? `:${h.line}` : ''}\``;
  return h.where ? cell(h.where) : '';
}

function severityTable(counts: SeverityCounts): string {
  const head = `| ${SEVERITIES.join(' | ')} | total |`;
  const rule = `|${' --- |'.repeat(SEVERITIES.length + 1)}`;
  const total = SEVERITIES.reduce((n, s) => n + counts[s], 0);
  return `${head}\n${rule}\n| ${SEVERITIES.map((s) => counts[s]).join(' | ')} | ${total} |`;
}

function topTable(highlights: Highlight[]): string {
  const rows = highlights.map(
    (h) =>
      `| ${h.severity} | ${cell(h.title)} | ${locationOf(h)} | ${cell(h.tool)}${h.ruleId ? ` \`${cell(h.ruleId)}\`` : ''} |`,
  );
  return ['| severity | finding | where | tool / rule |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

/** The job summary of one step: verdict, ids, severity table, top findings. */
export function summaryMarkdown(command: string, outcome: ActionOutcome): string {
  const parts = [`## scanrelay ${command}: ${outcome.verdict}`, '', cell(outcome.reason), ''];
  const ids = [
    outcome.jobId ? `job \`${outcome.jobId}\`` : '',
    outcome.scanId ? `scan \`${outcome.scanId}\`` : '',
    outcome.sarifPath ? `SARIF \`${outcome.sarifPath}\`` : '',
  ].filter(Boolean);
  if (ids.length > 0) parts.push(ids.join(' · '), '');
  if (outcome.counts) parts.push('### Findings by severity', '', severityTable(outcome.counts), '');
  if (outcome.highlights.length > 0)
    parts.push(`### Top ${outcome.highlights.length} findings`, '', topTable(outcome.highlights), '');
  for (const note of outcome.notes) parts.push(note, '');
  return `${parts.join('\n')}\n`;
}
