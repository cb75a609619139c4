import { createScanrelayClient, type ScanrelayClient } from '@scanrelay/client';
import { type Finding, SEVERITIES, severityCountsSchema } from '@scanrelay/findings-schema';
import { parseDuration } from '@scanrelay/invicti-run';
import { z } from 'zod';
import { ActionError } from '../action-error.js';
import { findingsVerdict } from '../findings-verdict.js';
import type { InputsOf } from '../inputs.js';
import type { ActionOutcome } from '../report/action-outcome.js';
import { createFindingsTally } from '../report/findings-tally.js';

/** What an ingest job's result tells the Action (the rest is the service's business). */
const ingestResultSchema = z.object({ scanId: z.string(), counts: severityCountsSchema });

/** The most severe findings of a scan: one severity after another, stopping at `top`. */
async function topFindings(client: ScanrelayClient, scanId: string, top: number) {
  const tally = createFindingsTally(top);
  let seen = 0;
  for (const severity of SEVERITIES) {
    if (seen >= top) break;
    for await (const stored of client.scanFindings(scanId, { severity, limit: top })) {
      tally.add(stored.finding as Finding);
      seen += 1;
      if (seen >= top) break;
    }
  }
  return tally.highlights();
}

/** `upload`: a report to the service's queue; with `wait`, the ingest's counts and top findings. */
export async function runUpload(inputs: InputsOf<'upload'>): Promise<ActionOutcome> {
  const client = createScanrelayClient({ baseUrl: inputs['api-url'], apiKey: inputs['api-key'] });
  const accepted = await client.upload({
    file: inputs['report-file'],
    ...(inputs['scanner-type'] ? { scannerType: inputs['scanner-type'] } : {}),
    ...(inputs.project ? { project: inputs.project } : {}),
    ...(inputs['import-type'] ? { importType: inputs['import-type'] } : {}),
  });
  const base = {
    jobId: accepted.jobId,
    notes: [`Uploaded \`${inputs['report-file']}\` as ${accepted.scanner}.`],
  };
  if (!inputs.wait)
    return {
      ...base,
      verdict: 'pending',
      reason: `queued as job ${accepted.jobId}; not waiting (wait: false)`,
      exitCode: 0,
      highlights: [],
    };
  const job = await client.waitForJob(accepted.jobId, { timeoutMs: parseDuration(inputs['wait-timeout']) });
  if (job.status !== 'completed')
    throw new ActionError('failed', `job ${job.id} ended ${job.status}: ${job.error ?? 'no reason given'}`);
  const result = ingestResultSchema.safeParse(job.result);
  if (!result.success)
    throw new ActionError('failed', `job ${job.id} completed without a scan id and counts in its result`);
  const { scanId, counts } = result.data;
  return {
    ...base,
    ...findingsVerdict(counts, inputs['fail-on']),
    scanId,
    counts,
    highlights: await topFindings(client, scanId, inputs.top),
  };
}
