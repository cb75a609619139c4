import type { InvictiClient } from '@scanrelay/invicti-client';
import { createFetchInvictiIssues } from './fetch-invicti-issues.js';
import type { JobHandler } from './job-context.js';
import { JOB_TYPES } from './job-contract.js';
import { processUpload } from './process-upload.js';
import { createSastScanJob, type SastJobDeps } from './sast-scan-job.js';

export interface JobHandlerDeps {
  /** Builds the Invicti client on first use; without it `fetch-invicti-issues` jobs fail at once. */
  invicti?: () => InvictiClient;
  /** `sast-scan` jobs: where results go and how they are signed; without it they fail at once, saying what to configure. */
  sast?: SastJobDeps;
}

/** Every job type's handler, by type: what a worker runs for each stored job. */
export function createJobHandlers(deps: JobHandlerDeps = {}): Record<string, JobHandler> {
  return {
    [JOB_TYPES.processUpload]: processUpload,
    [JOB_TYPES.fetchInvictiIssues]: createFetchInvictiIssues(deps.invicti),
    [JOB_TYPES.sastScan]: createSastScanJob(deps.sast),
  };
}
