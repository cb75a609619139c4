import type { ProjectSecurity, ProviderSecurity } from '@scanrelay/api-schema';
import { emptyCounts, type ScanStatus, SEVERITIES } from '@scanrelay/findings-schema';
import type { SastResultRecord, StoredScan } from '@scanrelay/storage/types';
import { type ResultStanding, resultStanding } from '../triage/untriaged-counts.js';
import { requireProject, toBlocklistView } from './blocklist-views.js';
import { effectiveScanStatus } from './effective-status.js';
import { commitUrl } from './repo-links.js';
import type { SastDeps } from './sast-types.js';
import { groupFindings } from './security-findings.js';

/** Recent SAST scans read at once to learn which providers a project has been scanned with. */
const RECENT_SCANS = 200;

function errorOf(
  scan: StoredScan,
  status: ScanStatus,
  result: SastResultRecord | undefined,
  timeoutMs: number,
) {
  if (status === 'timed_out')
    return (
      scan.statusDetail ??
      `no result within ${Math.round(timeoutMs / 60_000)} minutes of its dispatch at ${scan.createdAt}`
    );
  if (status === 'failed' || status === 'cancelled') return scan.statusDetail ?? result?.error;
  return result?.status === 'failed' ? result.error : undefined;
}

/** A current result as the view counts it: without its triaged findings. */
interface CountedResult extends ResultStanding {
  record: SastResultRecord;
}

function countResult(record: SastResultRecord, triaged: ReadonlyMap<string, unknown>): CountedResult {
  return { record, ...resultStanding(record, record.findings, triaged) };
}

function providerView(
  scan: StoredScan,
  counted: CountedResult | undefined,
  now: Date,
  timeoutMs: number,
): ProviderSecurity {
  const result = counted?.record;
  const status = effectiveScanStatus(scan, now, timeoutMs);
  const view: ProviderSecurity = {
    provider: scan.provider,
    status,
    scanId: scan.id,
    dispatchedAt: scan.createdAt,
    counts: counted?.counts ?? emptyCounts(),
    attested: result?.attestation !== undefined,
  };
  const error = errorOf(scan, status, result, timeoutMs);
  if (error !== undefined) view.error = error;
  if (!result || !counted) return view;
  view.resultScanId = result.scanId;
  view.verdict = counted.verdict;
  view.score = counted.score;
  view.scannedAt = result.finishedAt;
  view.tool = result.tool;
  if (result.commitSha !== undefined) {
    view.commitSha = result.commitSha;
    const url = commitUrl(result.repoUrl, result.commitSha);
    if (url !== undefined) view.commitUrl = url;
  }
  return view;
}

/**
 * `GET /api/v1/projects/:name/security` (and the HTML page): for each provider the project is
 * configured or was scanned with, its newest SAST scan (a scan in flight past `sast.timeoutMs` reads
 * `timed_out`) and its current result (verdict, counts, score, the scanned commit and its link),
 * the active blocklist entries and the current results' findings by severity.
 *
 * Triage counts: a finding whose fingerprint is a false positive or an unexpired accepted risk in
 * the project is left out of the findings and the counts, and a provider with such findings has its
 * verdict and score recomputed from the rest (so a triaged critical no longer fails the gate).
 *
 * The verdict: `fail` when the project is blocklisted or a current result fails; else `pending` while
 * a scan is in flight; else `none` when no scan ever produced a result (never scanned, or every scan
 * timed out or failed to dispatch); else `pass`. `not_found` for an unknown project or another
 * tenant's.
 */
export async function readProjectSecurity(
  deps: SastDeps,
  input: { tenantId: string; project: string },
): Promise<ProjectSecurity> {
  const { store, config } = deps;
  const { tenantId } = input;
  const now = deps.now?.() ?? new Date();
  const project = await requireProject(store, tenantId, input.project);
  // The scans before the results: a result commits together with its scan's status, so a scan read
  // as completed has its result among the records read after it (read the other way round, a result
  // committed in between showed a completed scan without its result).
  const recent = await store.scans.list(tenantId, {
    projectId: project.id,
    kind: 'sast',
    limit: RECENT_SCANS,
  });
  const records = await store.sastResults.listForProject(tenantId, project.id);
  const triaged = await store.findings.triagedFingerprints(tenantId, project.id, now.toISOString());
  const results = records.map((r) => countResult(r, triaged));
  const names = [
    ...new Set([
      ...config.providers.map((p) => p.provider as string),
      ...records.map((r) => r.provider),
      ...recent.items.map((s) => s.provider),
    ]),
  ];

  const providers: ProviderSecurity[] = [];
  for (const name of names) {
    const newest =
      recent.items.find((s) => s.provider === name) ??
      (await store.scans.list(tenantId, { projectId: project.id, provider: name, kind: 'sast', limit: 1 }))
        .items[0];
    // A configured provider that never scanned this project has nothing to show.
    if (!newest) continue;
    providers.push(
      providerView(
        newest,
        results.find((r) => r.record.provider === name),
        now,
        config.timeoutMs,
      ),
    );
  }

  const entries = await store.blocklist.listActive(tenantId, project.id);
  const counts = emptyCounts();
  for (const r of results) for (const s of SEVERITIES) counts[s] += r.counts[s] ?? 0;
  const { findings, truncated } = groupFindings(records, config.findingsLimit, triaged);
  const inFlight = providers.some((p) => p.status === 'pending' || p.status === 'running');
  const verdict: ProjectSecurity['verdict'] =
    entries.length > 0 || results.some((r) => r.verdict === 'fail')
      ? 'fail'
      : inFlight
        ? 'pending'
        : results.length === 0
          ? 'none'
          : 'pass';
  const repoUrl = project.repoUrl ?? recent.items[0]?.target ?? records[0]?.repoUrl;

  const view: ProjectSecurity = {
    project: project.name,
    verdict,
    blocked: entries.length > 0,
    blocklist: entries.map((e) => toBlocklistView(e, project.name)),
    providers,
    counts,
    findings,
    findingsTruncated: truncated,
    pagePath: `/projects/${encodeURIComponent(project.name)}/security`,
  };
  if (repoUrl !== undefined) view.repoUrl = repoUrl;
  return view;
}
