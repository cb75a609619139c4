import path from 'node:path';
import type { InvictiClient, ScanTask } from '@scanrelay/invicti-client';
import { collectInvictiFindings } from './collect-invicti-findings.js';
import { invictiFailure } from './invicti-failure.js';
import type { InvictiRunOutcome } from './invicti-run-outcome.js';
import type { InvictiIssuesSettings } from './invicti-settings.js';
import type { RunInvictiOptions } from './run-options.js';
import { FINDINGS_FILE, METADATA_FILE, writeRunOutputs } from './write-run-outputs.js';

/** An ISO date-time with offset, whatever Invicti's format; undefined when unreadable. */
function isoOrUndefined(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** The findings of a finished scan, written like a blocking scan writes them. */
export async function runInvictiIssues(
  client: InvictiClient,
  settings: InvictiIssuesSettings,
  options: RunInvictiOptions = {},
): Promise<InvictiRunOutcome> {
  const { scanId } = settings;
  const { signal } = options;
  let scan: ScanTask;
  try {
    scan = await client.getScan(scanId, { signal });
  } catch (e) {
    if (signal?.aborted)
      return { kind: 'interrupted', scanId, phase: 'lookup', cancelled: false, detail: 'interrupted' };
    invictiFailure(e, 'lookup', settings.credentialSource);
    throw e;
  }
  if (scan.State !== 'Complete') {
    const reason = scan.FailureReasonDescription ?? scan.FailureReasonString;
    const ended = scan.State === 'Failed' || scan.State === 'Cancelled';
    const what = ended
      ? `ended ${scan.State}${reason ? `: ${reason}` : ''}`
      : `is ${scan.State}, not finished yet`;
    return {
      kind: 'incomplete',
      scanId,
      reason: scan.State === 'Failed' ? 'failed' : scan.State === 'Cancelled' ? 'cancelled' : 'not_finished',
      state: scan.State,
      detail: `Invicti scan ${scanId} ${what}; no issues were fetched`,
    };
  }
  const meta = {
    scanId: scan.Id,
    status: scan.State,
    target: scan.TargetUrl ?? undefined,
    launchedAt: isoOrUndefined(scan.InitiatedAt) ?? new Date().toISOString(),
    completedAt: isoOrUndefined(scan.StateChanged),
    mode: 'issues' as const,
  };
  try {
    const items = collectInvictiFindings(client, scan.Id, { signal, websiteName: scan.WebsiteName ?? null });
    const metadata = await writeRunOutputs(settings.outputDir, meta, { items, format: settings.format });
    return {
      kind: 'completed',
      scanId: scan.Id,
      scan,
      metadata,
      findingsCount: metadata.findingsCount ?? 0,
      files: {
        metadataFile: path.join(settings.outputDir, METADATA_FILE),
        findingsFile: path.join(settings.outputDir, FINDINGS_FILE),
      },
    };
  } catch (e) {
    if (signal?.aborted)
      return {
        kind: 'interrupted',
        scanId,
        phase: 'issues',
        cancelled: false,
        detail: `interrupted while fetching the issues of scan ${scanId}`,
      };
    const detail = invictiFailure(e, 'issues', settings.credentialSource);
    return { kind: 'incomplete', scanId, reason: 'error', state: scan.State, detail, error: e };
  }
}
