import type { ProviderSecurity } from '@scanrelay/api-schema';
import { SEVERITIES, type Severity, type SeverityCounts } from '@scanrelay/findings-schema';
import { escapeHtml } from './html.js';

export const SEVERITY_LABELS: Readonly<Record<Severity, string>> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  info: 'Info',
};

export const STATUS_LABELS: Readonly<Record<ProviderSecurity['status'], string>> = {
  pending: 'Pending',
  running: 'Running',
  completed: 'Completed',
  failed: 'Failed',
  cancelled: 'Cancelled',
  timed_out: 'Timed out',
};

/** A one-row table of counts with a header cell per severity, critical first. `caption` is plain text. */
export function renderCountsTable(counts: SeverityCounts, caption: string): string {
  const head = SEVERITIES.map((s) => `<th scope="col">${SEVERITY_LABELS[s]}</th>`).join('');
  const cells = SEVERITIES.map((s) => `<td data-severity="${s}">${escapeHtml(counts[s])}</td>`).join('');
  return (
    `<table class="counts"><caption>${escapeHtml(caption)}</caption>` +
    `<thead><tr>${head}</tr></thead><tbody><tr>${cells}</tr></tbody></table>`
  );
}

/** The sum of every severity's count. */
export function totalOf(counts: SeverityCounts): number {
  return SEVERITIES.reduce((sum, s) => sum + counts[s], 0);
}
