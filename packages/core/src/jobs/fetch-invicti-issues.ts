import type { InvictiClient } from '@scanrelay/invicti-client';
import { collectInvictiFindings } from '@scanrelay/invicti-run';
import { ensureInvictiScan, INVICTI_PROVIDER } from '../invicti/ensure-invicti-scan.js';
import { forwardAfterIngest } from './forward-after-ingest.js';
import { alreadyIngested, describeIngest, ingestJobResult, ingestScan } from './ingest-scan.js';
import { invictiJobFailure } from './invicti-job-failure.js';
import type { JobContext, JobHandler } from './job-context.js';
import { fetchInvictiIssuesInputSchema } from './job-contract.js';
import { PermanentJobError } from './permanent-job-error.js';
import { requireFinishedScan } from './require-finished-scan.js';

/**
 * `fetch-invicti-issues`: check that Invicti reports the scan Complete (see requireFinishedScan), read
 * its issues, ingest them into the project under the scan (one stored scan per Invicti scan id, so
 * reruns converge; a scan registered earlier keeps its project) and mark it completed. Errors that a
 * retry cannot fix fail the job at once. Without a client factory every job fails at once, saying
 * what to configure.
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
    const { scanId } = parsed.data;
    const done = await alreadyIngested(ctx, INVICTI_PROVIDER, scanId);
    if (done) {
      await ctx.log(`ingested: ${describeIngest(done)}`);
      const forwards = await forwardAfterIngest(ctx, {
        scanId: done.scanId,
        context: { importType: 'merge' },
      });
      return { ...ingestJobResult(done, INVICTI_PROVIDER), invictiScanId: scanId, forwards };
    }
    const client = getClient();
    const { scan } = await ensureInvictiScan(ctx.store, {
      tenantId: ctx.job.tenantId,
      scanId,
      project: parsed.data.project,
      status: 'running',
    });
    const task = await requireFinishedScan(ctx, client, scanId, scan.id);
    await ctx.log(`fetching the issues of Invicti scan ${scanId}`);
    // Ingest is one transaction: page progress is collected and logged after it (never awaited inside).
    const pages: string[] = [];
    const findings = collectInvictiFindings(client, scanId, {
      signal: ctx.queue.signal,
      // Already read with the state: saves listIssues its own scans/detail call.
      ...(task.WebsiteName ? { websiteName: task.WebsiteName } : {}),
      onPage: (info) => {
        pages.push(
          `read page ${info.page}${info.pageCount ? ` of ${info.pageCount}` : ''}: ${info.matched} issues of this scan so far`,
        );
      },
    });
    const outcome = await ingestScan(ctx, {
      project: scan.project,
      provider: INVICTI_PROVIDER,
      kind: 'dast',
      externalId: scanId,
      mode: 'merge',
      findings,
    }).catch((err: unknown) => {
      throw invictiJobFailure(err, scanId);
    });
    // A scan an earlier attempt recorded failed (then re-fetched by an admin) no longer says why it failed.
    if (scan.statusDetail) await ctx.store.scans.update(ctx.job.tenantId, scan.id, { statusDetail: null });
    for (const line of pages) await ctx.log(line);
    await ctx.log(`ingested: ${describeIngest(outcome)}`);
    const forwards = await forwardAfterIngest(ctx, {
      scanId: outcome.scanId,
      context: { importType: 'merge' },
    });
    return { ...ingestJobResult(outcome, INVICTI_PROVIDER), invictiScanId: scanId, forwards };
  };
}
