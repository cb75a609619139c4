import type { FindingHistoryEntry, FindingQuery, Page, Store, StoredFinding } from '@scanrelay/storage/types';
import { CoreError } from '../core-error.js';

/** True for an accepted risk whose acceptance ended at or before `now`. */
export function isExpiredAcceptance(finding: StoredFinding, now: Date): boolean {
  return (
    finding.status === 'accepted-risk' &&
    typeof finding.acceptedUntil === 'string' &&
    Date.parse(finding.acceptedUntil) <= now.getTime()
  );
}

/**
 * One finding of the tenant, as of `now` (default the clock): an acceptance that has expired is
 * reopened first (history actor `scanrelay`), so a read never shows a stale accepted risk.
 * `not_found` for an unknown id or another tenant's.
 */
export async function readFinding(
  store: Store,
  tenantId: string,
  id: string,
  now: Date = new Date(),
): Promise<StoredFinding> {
  const finding = await store.findings.get(tenantId, id);
  if (!finding) throw new CoreError('not_found', `no finding with id "${id}"`);
  if (!isExpiredAcceptance(finding, now)) return finding;
  await store.findings.reopenExpired(tenantId, now.toISOString(), finding.projectId);
  return (await store.findings.get(tenantId, id)) ?? finding;
}

/**
 * A page of the tenant's findings (`query` as `store.findings.list` takes it), after reopening the
 * expired acceptances of the query's project (of the tenant without a project) as of `now`.
 * The API and the dashboard list findings through this, never through the store directly.
 */
export async function listFindings(
  store: Store,
  tenantId: string,
  query: FindingQuery = {},
  now: Date = new Date(),
): Promise<Page<StoredFinding>> {
  await store.findings.reopenExpired(tenantId, now.toISOString(), query.projectId);
  return store.findings.list(tenantId, query);
}

/**
 * A finding's status changes, oldest first (who, when, from, to, reason, expiry), as of `now`: an
 * expired acceptance is reopened first, so its `scanrelay` entry is listed. `not_found` for an
 * unknown id or another tenant's.
 */
export async function findingHistory(
  store: Store,
  tenantId: string,
  id: string,
  now: Date = new Date(),
): Promise<FindingHistoryEntry[]> {
  await readFinding(store, tenantId, id, now);
  return store.findings.history(tenantId, id);
}
