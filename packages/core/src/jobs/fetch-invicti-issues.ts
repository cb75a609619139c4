import type { InvictiClient } from '@scanrelay/invicti-client';
import { collectInvictiFindings } from '@scanrelay/invicti-run';
import { alreadyIngested, describeIngest, ingestJobResult, ingestScan } from './ingest-scan.js';
import type { JobContext, JobHandler } from './job-context.js';
import { fetchInvictiIssuesInputSchema } from './job-contract.js';
import { PermanentJobError } from './permanent-job-error.js';

/**
 * `fetch-invicti-issues`: read the completed scan's issues from Invicti, ingest them into the
 * project under the scan (one stored scan per Invicti scan id, so reruns converge) and mark it
 * completed. Without a client factory every job fails at once, saying what to configure.
 */
export function createFetchInvictiIssues(getClient: (() => InvictiClient) | undefined): JobHandler {
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
      return { ...ingestJobResult(done, 'invicti'), invictiScanId: scanId };
    }
    const client = getClient();
    await ctx.log(`fetching the issues of Invicti scan ${scanId}`);
    // Ingest is one transaction: page progress is collected and logged after it (never awaited inside).
    const pages: string[] = [];
    const findings = collectInvictiFindings(client, scanId, {
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
      findings,
    });
    for (const line of pages) await ctx.log(line);
    await ctx.log(`ingested: ${describeIngest(outcome)}`);
    return { ...ingestJobResult(outcome, 'invicti'), invictiScanId: scanId };
  };
}
