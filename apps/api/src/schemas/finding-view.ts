import type { FindingTriage, StoredFinding as FindingView } from '@scanrelay/api-schema';
import type { StoredFinding } from '@scanrelay/storage';

/** The triage decision standing on a finding, while it is a false positive or an accepted risk. */
function triageOf(f: StoredFinding): FindingTriage | undefined {
  if (f.status !== 'false-positive' && f.status !== 'accepted-risk') return undefined;
  if (!f.triagedBy || !f.triagedAt) return undefined;
  const triage: FindingTriage = { by: f.triagedBy, at: f.triagedAt };
  if (f.triageReason !== undefined) triage.reason = f.triageReason;
  if (f.acceptedUntil !== undefined && f.status === 'accepted-risk') triage.acceptedUntil = f.acceptedUntil;
  return triage;
}

/**
 * A stored finding as the API shows it: its identity, status and history across scans, the triage
 * decision when one stands, and the canonical finding; no tenant or project id, no search columns.
 */
export function findingView(f: StoredFinding): FindingView {
  const view: FindingView = {
    id: f.id,
    fingerprint: f.fingerprint,
    tool: f.tool,
    scanner: f.scanner,
    ruleId: f.ruleId,
    severity: f.severity,
    status: f.status,
    occurrences: f.occurrences,
    firstSeenAt: f.firstSeenAt,
    lastSeenAt: f.lastSeenAt,
    firstScanId: f.firstScanId,
    lastScanId: f.lastScanId,
    finding: f.finding,
  };
  if (f.fixedAt !== undefined) view.fixedAt = f.fixedAt;
  const triage = triageOf(f);
  if (triage) view.triage = triage;
  return view;
}
