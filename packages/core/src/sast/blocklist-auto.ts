import type { BlocklistEntry, Store } from '@scanrelay/storage/types';
import { z } from 'zod';
import { untriagedCounts } from '../triage/untriaged-counts.js';

/** The threat type and author of the entries results create. */
export const EXTERNAL_SAST_THREAT = 'external-sast';
export const EXTERNAL_SCAN_DISCOVERER = 'external-scan';

/** Why one provider blocks a project: the scan that found critical findings. */
const blockingScanSchema = z.looseObject({
  scanId: z.string(),
  commitSha: z.string().optional(),
  critical: z.number().int().min(0),
  /** When that scan was dispatched: only a clean result of a later dispatch lifts it. */
  dispatchedAt: z.string().optional(),
});
type BlockingScan = z.infer<typeof blockingScanSchema>;

/** An automatic entry's evidence: each blocking provider's scan. */
const evidenceSchema = z.looseObject({ providers: z.record(z.string(), blockingScanSchema) });
type Evidence = z.infer<typeof evidenceSchema>;

/** A current result as the blocklist sees it. */
export interface BlocklistResult {
  tenantId: string;
  projectId: string;
  provider: string;
  scanId: string;
  /** When the result's scan was dispatched. */
  dispatchedAt: string;
  status: 'completed' | 'failed';
  commitSha?: string;
  /** The result's critical findings that count: not the triaged ones (see `resultStanding`). */
  critical: number;
}

/** "<provider> found N critical findings", for each blocking provider. */
function reasonOf(providers: Evidence['providers']): string {
  return Object.entries(providers)
    .map(([provider, scan]) => `${provider} found ${scan.critical} critical findings`)
    .join('; ');
}

function evidenceOf(entry: BlocklistEntry): Evidence {
  const parsed = evidenceSchema.safeParse(entry.evidence);
  return parsed.success ? parsed.data : { providers: {} };
}

async function dispatchedAtOf(tx: Store, tenantId: string, scan: BlockingScan): Promise<number> {
  const at = scan.dispatchedAt ?? (await tx.scans.get(tenantId, scan.scanId))?.createdAt;
  return at === undefined ? Number.NEGATIVE_INFINITY : Date.parse(at);
}

/**
 * Applies a provider's current result to the project's automatic blocklist entry, and says whether
 * the project is blocklisted afterwards. Call it inside the result's transaction.
 *
 * - Critical findings (not counting the triaged ones: false positives and unexpired accepted
 *   risks, by fingerprint) blocklist the project: an active entry (threat type `external-sast`, severity
 *   `critical`, discovered by `external-scan`, reason "<provider> found N critical findings", evidence
 *   `{providers: {<provider>: {scanId, commitSha, critical, dispatchedAt}}}`), or, when the project
 *   already has one, this provider merged into its evidence and reason.
 * - What lifts an automatic entry: (a) an admin, `liftBlocklist` (`DELETE /api/v1/blocklist/:name`),
 *   for any entry; (b) by itself, a completed result without critical findings from a provider the
 *   entry holds, for a scan dispatched after the blocking one and at another commit: that provider
 *   leaves the evidence, and the entry is deactivated when no provider is left. The same commit
 *   scanned again proves nothing new, a failed result proves nothing at all, one provider's clean
 *   result says nothing about another's findings, and entries an admin made by hand (discovered by
 *   anyone else) are never lifted by a result.
 */
export async function applyAutoBlocklist(tx: Store, result: BlocklistResult): Promise<boolean> {
  const { tenantId, projectId, provider } = result;
  const active = await tx.blocklist.listActive(tenantId, projectId);
  const entry = active.find((e) => e.threatType === EXTERNAL_SAST_THREAT);
  const { critical } = result;
  if (critical > 0) {
    const blocking: BlockingScan = {
      scanId: result.scanId,
      critical,
      dispatchedAt: result.dispatchedAt,
      ...(result.commitSha === undefined ? {} : { commitSha: result.commitSha }),
    };
    if (!entry) {
      const providers = { [provider]: blocking };
      await tx.blocklist.upsert({
        tenantId,
        projectId,
        threatType: EXTERNAL_SAST_THREAT,
        severity: 'critical',
        reason: reasonOf(providers),
        discoveredBy: EXTERNAL_SCAN_DISCOVERER,
        evidence: { providers },
      });
      return true;
    }
    const evidence = evidenceOf(entry);
    const providers = { ...evidence.providers, [provider]: blocking };
    // An entry an admin made keeps the admin's reason; the evidence gains this provider's scan.
    const automatic = entry.discoveredBy === EXTERNAL_SCAN_DISCOVERER;
    await tx.blocklist.update(tenantId, entry.id, {
      reason: automatic ? reasonOf(providers) : entry.reason,
      evidence: { ...evidence, providers },
    });
    return true;
  }
  if (entry && result.status === 'completed' && entry.discoveredBy === EXTERNAL_SCAN_DISCOVERER) {
    await liftProvider(tx, entry, result);
  }
  return tx.blocklist.isBlocked(tenantId, projectId);
}

async function liftProvider(tx: Store, entry: BlocklistEntry, result: BlocklistResult): Promise<void> {
  const evidence = evidenceOf(entry);
  const blocking = evidence.providers[result.provider];
  if (!blocking) return;
  const newer = Date.parse(result.dispatchedAt) > (await dispatchedAtOf(tx, result.tenantId, blocking));
  if (!newer || result.commitSha === undefined || result.commitSha === blocking.commitSha) return;
  const providers = { ...evidence.providers };
  delete providers[result.provider];
  if (Object.keys(providers).length === 0) {
    await tx.blocklist.deactivate(result.tenantId, entry.id);
    return;
  }
  await tx.blocklist.update(result.tenantId, entry.id, {
    reason: reasonOf(providers),
    evidence: { ...evidence, providers },
  });
}

/**
 * After a triage decision in a project: each provider of the project's automatic entry whose
 * blocking scan is still its current result is re-counted without the triaged findings (as of
 * `at`). A provider left with no critical finding leaves the evidence, and the entry is deactivated
 * when no provider is left: a critical someone marked false positive or accepted no longer blocks.
 * Only lifts: a finding set back to `open` fails the security view by its counts, not by a new
 * entry. Entries an admin made by hand are never touched. Returns whether the project is blocked.
 */
export async function liftTriagedBlocks(
  tx: Store,
  tenantId: string,
  projectId: string,
  at: string,
): Promise<boolean> {
  const active = await tx.blocklist.listActive(tenantId, projectId);
  const entry = active.find(
    (e) => e.threatType === EXTERNAL_SAST_THREAT && e.discoveredBy === EXTERNAL_SCAN_DISCOVERER,
  );
  if (!entry) return active.length > 0;
  const evidence = evidenceOf(entry);
  const results = await tx.sastResults.listForProject(tenantId, projectId);
  const triaged = await tx.findings.triagedFingerprints(tenantId, projectId, at);
  const providers = { ...evidence.providers };
  let changed = false;
  for (const [provider, blocking] of Object.entries(evidence.providers)) {
    const current = results.find((r) => r.provider === provider);
    if (current?.scanId !== blocking.scanId || current.status !== 'completed') continue;
    const { critical } = untriagedCounts(current.counts, current.findings, triaged).counts;
    if (critical === blocking.critical) continue;
    changed = true;
    if (critical === 0) delete providers[provider];
    else providers[provider] = { ...blocking, critical };
  }
  if (!changed) return true;
  if (Object.keys(providers).length === 0) {
    await tx.blocklist.deactivate(tenantId, entry.id);
    return tx.blocklist.isBlocked(tenantId, projectId);
  }
  await tx.blocklist.update(tenantId, entry.id, {
    reason: reasonOf(providers),
    evidence: { ...evidence, providers },
  });
  return true;
}
