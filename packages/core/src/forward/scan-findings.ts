import type { TriageDecision, TriagedFinding } from '@scanrelay/findings-schema';
import type { Store, StoredFinding } from '@scanrelay/storage/types';

const PAGE = 500;

/**
 * The triage decision a stored finding carries to its destinations: a false positive, or a risk
 * accepted and not expired at `now` (an expired acceptance goes out as open, as the next read will
 * reopen it). Other statuses (open, fixed, duplicate) carry none.
 */
function forwardedTriage(stored: StoredFinding, now: number): TriageDecision | undefined {
  const { status } = stored;
  if (status !== 'false-positive' && status !== 'accepted-risk') return undefined;
  const until = stored.acceptedUntil ?? undefined;
  if (status === 'accepted-risk' && until !== undefined && Date.parse(until) <= now) return undefined;
  return {
    status,
    ...(stored.triageReason ? { reason: stored.triageReason } : {}),
    ...(status === 'accepted-risk' && until ? { acceptedUntil: until } : {}),
    ...(stored.triagedAt ? { at: stored.triagedAt } : {}),
  };
}

/**
 * The findings a scan saw, read back from storage page by page (keyset cursor), each with the triage
 * decision it holds now: at most one page is held at a time, however large the scan.
 */
export async function* scanFindings(
  store: Store,
  tenantId: string,
  scanId: string,
  now: () => number = Date.now,
): AsyncGenerator<TriagedFinding> {
  let cursor: string | undefined;
  do {
    const page = await store.findings.list(tenantId, { scanId, limit: PAGE, cursor });
    const at = now();
    for (const stored of page.items) {
      const triage = forwardedTriage(stored, at);
      yield triage ? { ...stored.finding, triage } : stored.finding;
    }
    cursor = page.nextCursor;
  } while (cursor);
}
