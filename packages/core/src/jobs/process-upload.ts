import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Finding } from '@scanrelay/findings-schema';
import { parseReport } from '@scanrelay/parsers';
import { forwardAfterIngest } from './forward-after-ingest.js';
import { alreadyIngested, describeIngest, ingestJobResult, ingestScan } from './ingest-scan.js';
import type { JobContext } from './job-context.js';
import { type ProcessUploadInput, processUploadInputSchema } from './job-contract.js';
import { PermanentJobError } from './permanent-job-error.js';

const PROGRESS_EVERY = 1000;
const MAX_WARNINGS = 50;

/**
 * `process-upload`: parse the stored report as a stream, ingest it into the job's project under one
 * scan per job (so a rerun re-ingests into the same scan and ends in the same state), then hand the
 * scan to its destinations (one forward each, retried on its own; the report is kept for those that
 * send it), drop the sealed credentials from the job's input, and delete the upload.
 */
export async function processUpload(ctx: JobContext): Promise<Record<string, unknown>> {
  const parsedInput = processUploadInputSchema.safeParse(ctx.job.input);
  if (!parsedInput.success)
    throw new PermanentJobError(
      `the job input is not a process-upload input: ${parsedInput.error.issues[0]?.message}`,
    );
  const input = parsedInput.data;
  const file = path.join(ctx.uploadsDir, input.upload);
  const done = await alreadyIngested(ctx, input.scanner, `upload:${ctx.job.id}`);
  if (done) {
    await ctx.log(`ingested: ${describeIngest(done)}`);
    const forwards = await forward(ctx, input, done.scanId, existsSync(file) ? file : undefined);
    await rm(file, { force: true });
    return { ...ingestJobResult(done, input.scanner), forwards };
  }
  if (!existsSync(file))
    throw new PermanentJobError(
      `the uploaded report ${input.upload} is gone (was the data directory shared with this worker?)`,
    );

  await ctx.log(`reading ${input.filename ?? 'the report'} (${input.bytes} bytes)`);
  const warnings: string[] = [];
  const { scanner, findings } = await parseReport(
    { path: file },
    { scannerType: input.scanner, onWarning: (m) => warnings.push(m) },
  );
  await ctx.log(`detected ${scanner}`);
  await ctx.progress(10);

  // Ingest is one transaction: nothing here may await the store until it returns.
  let parsed = 0;
  async function* counted(source: AsyncIterable<Finding>): AsyncGenerator<Finding> {
    for await (const f of source) {
      parsed += 1;
      if (parsed % PROGRESS_EVERY === 0 && ctx.queue.signal.aborted) {
        throw new Error('the job lease was lost; stopping so that the next attempt starts clean');
      }
      yield f;
    }
  }

  const outcome = await ingestScan(ctx, {
    project: input.project,
    provider: scanner,
    kind: 'upload',
    externalId: `upload:${ctx.job.id}`,
    target: input.assessment,
    mode: input.importType,
    scanner,
    findings: counted(findings),
  });
  for (const w of warnings.slice(0, MAX_WARNINGS)) await ctx.log(w, 'warn');
  if (warnings.length > MAX_WARNINGS)
    await ctx.log(`… and ${warnings.length - MAX_WARNINGS} more warnings`, 'warn');
  await ctx.log(`parsed ${outcome.replayed ? outcome.read : parsed} findings`);
  await ctx.log(`ingested: ${describeIngest(outcome)}`);
  await ctx.progress(90);
  const forwards = await forward(ctx, input, outcome.scanId, file);
  await rm(file, { force: true });
  return { ...ingestJobResult(outcome, scanner), forwards };
}

async function forward(ctx: JobContext, input: ProcessUploadInput, scanId: string, reportPath?: string) {
  const forwards = await forwardAfterIngest(ctx, {
    scanId,
    context: { importType: input.importType, assetType: input.assetType },
    planned: input.forwards,
    names: input.destinations,
    sealedCredentials: input.sealedCredentials,
    reportPath,
  });
  if (input.sealedCredentials) {
    const { sealedCredentials: _dropped, ...kept } = input;
    await ctx.store.jobs.update(ctx.job.id, { input: kept });
  }
  return forwards;
}
