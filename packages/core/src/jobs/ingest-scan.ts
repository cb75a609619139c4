import type { Finding, ScanKind } from '@scanrelay/findings-schema';
import { ingest } from '../ingest/ingest.js';
import type { IngestMode, IngestResult } from '../ingest/ingest-types.js';
import { scanIdFor } from '../scan-identity.js';
import type { JobContext } from './job-context.js';

export interface IngestScanOptions {
  project: string;
  provider: string;
  kind: ScanKind;
  /** Identifies the scan across reruns (the job id for uploads, the Invicti scan id). */
  externalId: string;
  target?: string;
  mode: IngestMode;
  scanner?: string;
  findings: AsyncIterable<Finding>;
}

/**
 * Ingests a report as one scan whose id is derived from the job's tenant and `externalId`, so a job
 * that runs again (crash, lease expiry) finds its scan already ingested and writes nothing twice.
 * Core's ingest is one transaction: progress is counted while it runs and logged afterwards (the
 * log is written through the store, which must not be awaited inside the transaction).
 */
export async function ingestScan(ctx: JobContext, o: IngestScanOptions): Promise<IngestResult> {
  const result = await ingest(ctx.store, {
    tenant: ctx.job.tenantId,
    project: o.project,
    scan: {
      id: scanIdFor(ctx.job.tenantId, o.provider, o.externalId),
      provider: o.provider,
      kind: o.kind,
      externalId: o.externalId,
      target: o.target,
    },
    findings: o.findings,
    mode: o.mode,
    scanner: o.scanner,
  });
  if (!result.replayed) {
    ctx.metrics?.findingsIngested('created', result.created);
    ctx.metrics?.findingsIngested('updated', result.updated);
    ctx.metrics?.findingsIngested('unchanged', result.unchanged);
    ctx.metrics?.findingsIngested('reopened', result.reopened);
    ctx.metrics?.findingsIngested('fixed', result.fixed);
  }
  return result;
}

/** The stored result when an earlier attempt already ingested this scan (it may have crashed after). */
export async function alreadyIngested(
  ctx: JobContext,
  provider: string,
  externalId: string,
): Promise<IngestResult | undefined> {
  const scan = await ctx.store.scans.get(ctx.job.tenantId, scanIdFor(ctx.job.tenantId, provider, externalId));
  return scan?.ingest ? { ...(scan.ingest as unknown as IngestResult), replayed: true } : undefined;
}

/** "created 3 updated 0 unchanged 12 reopened 0 fixed 1" (and "(already ingested)" on a rerun). */
export function describeIngest(r: IngestResult): string {
  const s = `created ${r.created} updated ${r.updated} unchanged ${r.unchanged} reopened ${r.reopened} fixed ${r.fixed}; ${r.total} distinct, ${r.duplicates} duplicates merged`;
  return r.replayed ? `${s} (this scan was already ingested: nothing written again)` : s;
}

/** The job's result: what a client reads back. */
export function ingestJobResult(r: IngestResult, scanner: string): Record<string, unknown> {
  const { tenantId: _t, ...rest } = r;
  return { ...rest, scanner };
}
