import type { OutboundPolicy, ResolveOptions } from '@scanrelay/outbound';
import { type CallbackRetry, scanRepository } from '@scanrelay/sast-runners';
import { deliverByCallback } from './deliver-by-callback.js';
import type { ScanJobDeps } from './run-scan-job.js';

export interface ScanDepsOptions {
  /** Signs the callbacks: the secret shared with the service that sent the scan. */
  secret: string | readonly string[];
  /** Repository and callback URLs alike (`SCANRELAY_ALLOW_PRIVATE_URLS`). */
  policy?: OutboundPolicy;
  lookup?: ResolveOptions['lookup'];
  retry?: CallbackRetry;
}

/** The real scan (@scanrelay/sast-runners' `scanRepository`, in the job's temp dir) and callback delivery. */
export function createScanDeps(options: ScanDepsOptions): ScanJobDeps {
  const { policy, lookup } = options;
  return {
    scan: (request, { workDir, signal }) => scanRepository({ ...request, workDir, signal, policy, lookup }),
    deliver: deliverByCallback(options),
  };
}
