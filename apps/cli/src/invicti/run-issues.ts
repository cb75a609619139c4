import path from 'node:path';
import { CliError, EXIT } from '../cli-error.js';
import type { InvictiConfig } from './invicti-config.js';
import { invictiFailure } from './invicti-failure.js';
import { clientFor } from './run-scan.js';
import { trapInterrupts } from './trap-interrupts.js';
import { writeOutputs } from './write-outputs.js';

/** An ISO date-time with offset, whatever Invicti's format; undefined when unreadable. */
function isoOrUndefined(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** `scanrelay invicti issues`: the findings of a finished scan, written like a blocking scan writes them. */
export async function runInvictiIssues(cfg: InvictiConfig): Promise<void> {
  const scanId = cfg.scanId as string;
  const client = await clientFor(cfg);
  const trap = trapInterrupts();
  try {
    let scan: Awaited<ReturnType<typeof client.getScan>>;
    try {
      scan = await client.getScan(scanId, { signal: trap.signal });
    } catch (e) {
      if (trap.received()) throw new CliError(`${trap.received()}: interrupted`, EXIT.interrupted);
      throw invictiFailure(e, cfg, 'lookup');
    }
    if (scan.State !== 'Complete') {
      const reason = scan.FailureReasonDescription ?? scan.FailureReasonString;
      const what = ['Failed', 'Cancelled'].includes(scan.State)
        ? `ended ${scan.State}${reason ? `: ${reason}` : ''}`
        : `is ${scan.State}, not finished yet`;
      throw new CliError(`Invicti scan ${scanId} ${what}; no issues were fetched`, EXIT.incomplete);
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
      const items = client.toFindings(
        client.listIssues(scan.Id, { signal: trap.signal, websiteName: scan.WebsiteName ?? null }),
      );
      const count = await writeOutputs(cfg.outputDir, meta, { items, format: cfg.format });
      process.stderr.write(
        `scanrelay: Invicti scan ${scan.Id}: ${count} findings in ${path.join(cfg.outputDir, 'findings.json')}\n`,
      );
    } catch (e) {
      if (trap.received())
        throw new CliError(
          `${trap.received()}: interrupted while fetching the issues of scan ${scanId}`,
          EXIT.interrupted,
        );
      throw invictiFailure(e, cfg, 'issues');
    }
  } finally {
    trap.release();
  }
}
