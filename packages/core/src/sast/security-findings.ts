import type { ProjectSecurity, SecurityFinding } from '@scanrelay/api-schema';
import { findingSchema, SEVERITIES, type Severity, severityRank } from '@scanrelay/findings-schema';
import type { SastResultRecord } from '@scanrelay/storage/types';
import { isTriaged } from '../triage/untriaged-counts.js';
import { fileUrl } from './repo-links.js';

/** A stored finding as the security view shows it; undefined for one that no longer parses. */
function toSecurityFinding(record: SastResultRecord, raw: unknown): SecurityFinding | undefined {
  const parsed = findingSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  const f = parsed.data;
  const item: SecurityFinding = { provider: record.provider, severity: f.severity, title: f.name };
  item.ruleId = f.ruleId;
  const loc = f.location;
  const file = loc?.kind === 'source' ? loc.file : loc?.kind === 'package' ? loc.path : undefined;
  const line = loc?.kind === 'source' ? loc.startLine : undefined;
  if (file !== undefined) item.file = file;
  if (line !== undefined && line > 0) item.line = line;
  if (file !== undefined && record.commitSha !== undefined) {
    const url = fileUrl(record.repoUrl, record.commitSha, file, item.line);
    if (url !== undefined) item.url = url;
  }
  return item;
}

function compare(a: SecurityFinding, b: SecurityFinding): number {
  return (
    severityRank[b.severity] - severityRank[a.severity] ||
    a.provider.localeCompare(b.provider) ||
    (a.file ?? '').localeCompare(b.file ?? '') ||
    (a.line ?? 0) - (b.line ?? 0)
  );
}

/**
 * The current results' findings grouped by severity, critical first (a group for each severity that
 * has any), at most `limit` in all: the most severe are kept, `truncated` says some were left out.
 * Each finding in a file links to that file at the scanned commit. Findings whose fingerprint
 * `triaged` holds (false positives, unexpired accepted risks) are left out.
 */
export function groupFindings(
  records: readonly SastResultRecord[],
  limit: number,
  triaged: ReadonlyMap<string, unknown> = new Map(),
): { findings: ProjectSecurity['findings']; truncated: boolean } {
  const all: SecurityFinding[] = [];
  for (const record of records) {
    if (record.status !== 'completed') continue;
    for (const raw of record.findings) {
      if (isTriaged(raw, triaged)) continue;
      const item = toSecurityFinding(record, raw);
      if (item) all.push(item);
    }
  }
  all.sort(compare);
  const kept = all.slice(0, limit);
  const groups = new Map<Severity, SecurityFinding[]>(SEVERITIES.map((s) => [s, []]));
  for (const item of kept) groups.get(item.severity)?.push(item);
  const findings = SEVERITIES.filter((s) => (groups.get(s)?.length ?? 0) > 0).map((severity) => ({
    severity,
    items: groups.get(severity) ?? [],
  }));
  return { findings, truncated: all.length > kept.length };
}
