import { fetchInvictiIssuesInputSchema } from '@scanrelay/core';
import type { InvictiClient } from '@scanrelay/invicti-client';
import { alreadyIngested, describeIngest, ingestScan } from '../ingest-scan.js';
import type { JobContext } from '../job-context.js';
import { PermanentJobError } from '../job-error.js';
import { summary } from './process-upload.js';

/**
 * `fetch-invicti-issues`: read the completed scan's issues from Invicti, ingest them into the
 * project under the scan (one stored scan per Invicti scan id, so reruns converge) and mark it
 * completed.
 */
export function createFetchInvictiIssues(getClient: (() => InvictiClient) | undefined) {
  return async (ctx: JobContext): Promise<Record<string, unknown>> => {
    const parsed = fetchInvictiIssuesInputSchema.safeParse(ctx.job.input);
    if (!parsed.success)
      throw new PermanentJobError(
        `the job input is not a fetch-invicti-issues input: ${parsed.error.issues[0]?.message}`,
      );
    if (!getClient)
      throw new PermanentJobError(
        'no Invicti connection is configured on this worker (invicti.userId and invicti.apiToken)',
      );
    const { scanId, project } = parsed.data;
    const done = await alreadyIngested(ctx, 'invicti', scanId);
    if (done) {
      await ctx.log(`ingested: ${describeIngest(done)}`);
      return { ...summary(done, 'invicti'), invictiScanId: scanId };
    }
    const client = getClient();
    await ctx.log(`fetching the issues of Invicti scan ${scanId}`);
    // Ingest is one transaction: page progress is collected and logged after it (never awaited inside).
    const pages: string[] = [];
    const issues = client.listIssues(scanId, {
      signal: ctx.queue.signal,
      onPage: (info) => {
        pages.push(
          `read page ${info.page}${info.pageCount ? ` of ${info.pageCount}` : ''}: ${info.matched} issues of this scan so far`,
        );
      },
    });
    const outcome = await ingestScan(ctx, {
      project,
      provider: 'invicti',
      kind: 'dast',
      externalId: scanId,
      mode: 'merge',
      findings: client.toFindings(issues),
    });
    for (const line of pages) await ctx.log(line);
    await ctx.log(`ingested: ${describeIngest(outcome)}`);
    return { ...summary(outcome, 'invicti'), invictiScanId: scanId };
  };
}
