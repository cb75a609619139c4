import path from 'node:path';
import { writeFileAtomic } from '@scanrelay/invicti-run';
import { CliError } from '../cli-error.js';

/** One uploaded file's outcome. */
export interface UploadOutcome {
  batch?: string;
  file: string;
  project?: string;
  jobId?: string;
  scanner?: string;
  status: 'completed' | 'failed' | 'dead' | 'queued' | 'running' | 'rejected';
  result?: unknown;
  error?: string;
  durationMs: number;
}

export interface UploadReport {
  startedAt: string;
  finishedAt: string;
  total: number;
  succeeded: number;
  failed: number;
  /** Succeeded over total, 0 to 1 (1 for an empty run). */
  successRate: number;
  /** The same figures where the Phoenix client's report kept them (`jq '.summary.success_rate'`). */
  summary: { total: number; succeeded: number; failed: number; success_rate: number };
  items: UploadOutcome[];
}

export function buildReport(items: UploadOutcome[], startedAt: Date): UploadReport {
  const succeeded = items.filter(
    (i) => i.status === 'completed' || i.status === 'queued' || i.status === 'running',
  ).length;
  const failed = items.length - succeeded;
  const successRate = items.length === 0 ? 1 : succeeded / items.length;
  return {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    total: items.length,
    succeeded,
    failed,
    successRate,
    summary: { total: items.length, succeeded, failed, success_rate: successRate },
    items,
  };
}

/** Writes the report as JSON or HTML, chosen by the file's extension, atomically. */
export async function writeReport(file: string, report: UploadReport): Promise<void> {
  const ext = path.extname(file).toLowerCase();
  let text: string;
  if (ext === '.json') text = `${JSON.stringify(report, null, 2)}\n`;
  else if (ext === '.html' || ext === '.htm') text = renderHtml(report);
  else throw new CliError(`--report: expected a file ending in .json or .html, got "${file}"`);
  await writeFileAtomic(file, text);
}

const esc = (s: unknown) =>
  String(s ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

function countsOf(result: unknown): string {
  const r = result as
    | { counts?: Record<string, number>; created?: number; updated?: number; fixed?: number }
    | undefined;
  if (!r || typeof r !== 'object') return '';
  const c = r.counts
    ? Object.entries(r.counts)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')
    : '';
  const d = [
    r.created !== undefined ? `created ${r.created}` : '',
    r.fixed !== undefined ? `fixed ${r.fixed}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  return [c, d].filter(Boolean).join(' · ');
}

function renderHtml(r: UploadReport): string {
  const rows = r.items
    .map(
      (i) =>
        `<tr class="${esc(i.status)}"><td>${esc(i.batch ?? '')}</td><td>${esc(i.file)}</td><td>${esc(i.project ?? '')}</td><td>${esc(i.scanner ?? '')}</td><td>${esc(i.status)}</td><td>${esc(countsOf(i.result))}</td><td>${esc(i.error ?? '')}</td><td>${esc(i.jobId ?? '')}</td><td>${(i.durationMs / 1000).toFixed(1)} s</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>scanrelay upload report</title>
<style>body{font:14px system-ui,sans-serif;margin:2rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}
tr.completed td:nth-child(5){color:#176b2c}tr.failed td:nth-child(5),tr.dead td:nth-child(5),tr.rejected td:nth-child(5){color:#a4161a;font-weight:600}</style></head>
<body><h1>scanrelay upload report</h1>
<p id="summary">${r.succeeded} of ${r.total} succeeded (success rate ${(r.successRate * 100).toFixed(1)}%), ${r.failed} failed. Started ${esc(r.startedAt)}, finished ${esc(r.finishedAt)}.</p>
<table><thead><tr><th>batch</th><th>file</th><th>project</th><th>scanner</th><th>status</th><th>findings</th><th>error</th><th>job</th><th>time</th></tr></thead>
<tbody>
${rows}
</tbody></table></body></html>
`;
}
