import type { ForwardContext } from '@scanrelay/storage/types';
import type { PlannedDestination } from '../forward/create-forwarding.js';
import { startForwards } from '../forward/start-forwards.js';
import type { JobContext } from './job-context.js';

export interface ForwardAfterIngest {
  scanId: string;
  context: ForwardContext;
  /** As the API resolved them; absent: `names`, else the service's defaults. */
  planned?: PlannedDestination[];
  names?: string[];
  sealedCredentials?: string;
  reportPath?: string;
}

/** One line per destination in the job's result: its forward's id and status when the job ended. */
export interface ForwardSummary {
  destination: string;
  kind: string;
  forwardId: string;
  status: string;
}

/**
 * Hands an ingested scan to its destinations: one forward each, its first attempt queued (the
 * forwards then retry on their own). Idempotent: a rerun of the job finds the forwards it made.
 */
export async function forwardAfterIngest(ctx: JobContext, o: ForwardAfterIngest): Promise<ForwardSummary[]> {
  if (!ctx.forward) {
    if (o.planned?.length || o.names?.length)
      await ctx.log(`destinations requested but this worker has none configured: nothing forwarded`, 'warn');
    else await ctx.log('forwarded to 0 destinations (none configured)');
    return [];
  }
  const { forwarding, send } = ctx.forward;
  const destinations = o.planned ?? forwarding.plan({ destinations: o.names }).destinations;
  const forwards = await startForwards(ctx.store, forwarding, send, {
    tenantId: ctx.job.tenantId,
    scanId: o.scanId,
    destinations,
    context: { ...o.context, jobId: ctx.job.id },
    sealedCredentials: o.sealedCredentials,
    reportPath: o.reportPath,
  });
  await ctx.log(
    forwards.length === 0
      ? 'forwarded to 0 destinations (none configured)'
      : `forwarding to ${forwards.length} destinations: ${forwards.map((f) => f.destination).join(', ')}`,
  );
  return forwards.map((f) => ({
    destination: f.destination,
    kind: f.kind,
    forwardId: f.id,
    status: f.status,
  }));
}
