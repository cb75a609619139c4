import type { ScanResultAccepted } from '@scanrelay/api-schema';
import type { SastResultRecord, ScanPatch, StoredScan } from '@scanrelay/storage/types';
import { CoreError } from '../core-error.js';
import { ingest } from '../ingest/ingest.js';
import { resultStanding } from '../triage/untriaged-counts.js';
import { applyAutoBlocklist } from './blocklist-auto.js';
import type { ReceivedBody } from './receive-body.js';
import { REPLAYED_DETAIL } from './receive-signature.js';
import type { SastDeps } from './sast-types.js';
import { refreshSummaries } from './summaries.js';

/** A result whose signature, body, scan and attestation were checked: what is recorded. */
export interface CheckedResult {
  /** The dispatched scan it answers (as located before recording). */
  scan: StoredScan;
  body: ReceivedBody;
  /** The delivery that carried it, as recorded in `store.deliveries` (source `scan-results`). */
  deliveryId: string;
  attestationKeyId?: string;
  /** The scan read as timed out before this result came. */
  late: boolean;
  now: Date;
}

function recordOf(c: CheckedResult): SastResultRecord {
  const { scan, body, now } = c;
  const { result } = body;
  return {
    tenantId: scan.tenantId,
    projectId: scan.projectId,
    provider: scan.provider,
    scanId: scan.id,
    scanCreatedAt: scan.createdAt,
    repoUrl: result.repoUrl,
    commitSha: result.commitSha,
    status: result.status,
    error: result.error,
    verdict: result.verdict,
    counts: result.counts,
    score: result.score,
    tool: result.tool,
    findings: body.rawFindings,
    attestation: body.attestation,
    attestationKeyId: c.attestationKeyId,
    deliveryId: c.deliveryId,
    bodyDigest: body.digest,
    startedAt: result.startedAt,
    finishedAt: result.finishedAt,
    receivedAt: now.toISOString(),
  };
}

/**
 * Records a checked result in one transaction: nothing of it is written unless all of it is.
 * 1. The project's result for the provider is upserted (`current` false: a result of a later dispatch
 *    is kept, and this one changes neither the findings nor the blocklist, which follow the later one).
 * 2. A current completed result's findings are ingested into the project's findings (import `new`,
 *    under the dispatched scan; ingest joins this transaction).
 * 3. The scan takes the result's status, commit, counts, verdict, score and times; findings
 *    triaged in the project (by fingerprint) leave its counts, and its verdict and score are then
 *    recomputed from the rest (`resultStanding`).
 * 4. The summaries are rewritten, and a current result is applied to the blocklist (its triaged
 *    critical findings do not count).
 *
 * A result for a scan whose current result is this very body is `replayed`; a different body for a
 * scan that already completed is a `conflict` (a failed result may be replaced, e.g. by a re-run job).
 */
export async function recordScanResult(deps: SastDeps, c: CheckedResult): Promise<ScanResultAccepted> {
  const { scan, body, now } = c;
  const { result } = body;
  const { tenantId, projectId } = scan;
  return deps.store.transaction(async (tx) => {
    const prior = await tx.sastResults.get(tenantId, projectId, scan.provider);
    if (prior?.scanId === scan.id) {
      if (prior.bodyDigest === body.digest) throw new CoreError('replayed', REPLAYED_DETAIL);
      if (prior.status === 'completed')
        throw new CoreError(
          'conflict',
          `scan ${scan.id} already has a completed result (received ${prior.receivedAt}) and this one differs; publish ${scan.project} again for a new scan`,
        );
    }
    const { current } = await tx.sastResults.upsert(recordOf(c));
    if (current && result.status === 'completed') {
      await ingest(tx, {
        tenant: tenantId,
        project: scan.project,
        scan: {
          id: scan.id,
          existing: true,
          provider: scan.provider,
          kind: 'sast',
          commitSha: result.commitSha,
          target: result.repoUrl,
          startedAt: result.startedAt,
        },
        findings: body.result.findings,
        mode: 'new',
        scanner: scan.provider,
      });
    }
    const triaged = await tx.findings.triagedFingerprints(tenantId, projectId, now.toISOString());
    const standing = resultStanding(result, result.findings, triaged);
    const patch: ScanPatch = {
      status: result.status,
      statusDetail: result.status === 'failed' ? (result.error ?? 'the scan failed') : null,
      counts: standing.counts,
      verdict: standing.verdict,
      score: standing.score,
      startedAt: result.startedAt,
      completedAt: result.finishedAt,
    };
    if (result.commitSha !== undefined) patch.commitSha = result.commitSha;
    await tx.scans.update(tenantId, scan.id, patch);
    await refreshSummaries(tx, { tenantId, projectId, project: scan.project }, deps.config.summaryTtlMs, now);
    const blocked = current
      ? await applyAutoBlocklist(tx, {
          tenantId,
          projectId,
          provider: scan.provider,
          scanId: scan.id,
          dispatchedAt: scan.createdAt,
          status: result.status,
          commitSha: result.commitSha,
          critical: standing.counts.critical,
        })
      : await tx.blocklist.isBlocked(tenantId, projectId);
    return {
      accepted: true,
      scanId: scan.id,
      project: scan.project,
      provider: scan.provider,
      status: result.status,
      verdict: result.verdict,
      counts: countsOf(result.counts),
      late: c.late,
      current,
      blocked,
    };
  });
}

/** Every severity's count (a result's counts may leave out a severity it has none of). */
function countsOf(counts: Partial<Record<string, number>>): ScanResultAccepted['counts'] {
  return {
    critical: counts.critical ?? 0,
    high: counts.high ?? 0,
    medium: counts.medium ?? 0,
    low: counts.low ?? 0,
    info: counts.info ?? 0,
  };
}
