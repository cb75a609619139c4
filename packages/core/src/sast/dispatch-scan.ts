import {
  createLocalDispatcher,
  createScannerWorkerDispatcher,
  type DispatchResult,
  type EnqueueLike,
} from '@scanrelay/dispatch';
import { SAST_SCAN_JOB_TYPE, type SastScanInput, sastScanInputSchema } from './dispatch-job-input.js';
import type { SastBackend } from './sast-config.js';
import type { SastDeps } from './sast-types.js';

/** One scan to send out: a pending scan a publish created. */
export interface ScanDispatch extends SastScanInput {
  tenantId: string;
}

const NO_CALLBACK =
  "sast.callbackUrl is not set: set it to this service's /api/v1/webhooks/scan-results as the runners reach it";

/** What the local backend's queue is to @scanrelay/dispatch: each dispatch stores and queues a `sast-scan` job. */
function jobQueue(deps: SastDeps, tenantId: string): EnqueueLike {
  return {
    async enqueue(_queue, _name, data, opts) {
      // The dispatcher adds `correlation_id` (the scan id, which is also the job id): the input drops it.
      const input = sastScanInputSchema.parse(data);
      const id = opts?.jobId ?? input.scanId;
      await deps.enqueue({ id, tenantId, type: SAST_SCAN_JOB_TYPE, input });
      return { id };
    },
  };
}

/** The scan request as flat strings, without absent fields (payload values are strings). */
function requestPayload(input: SastScanInput): Record<string, string> {
  const { ref, ...rest } = input;
  return ref === undefined ? { ...rest } : { ...rest, ref };
}

function callbackUrlOf(deps: SastDeps): string {
  const url = deps.config.callbackUrl;
  if (!url) throw new Error(NO_CALLBACK);
  return url;
}

/**
 * Sends one scan to its provider's backend: the local queue (a `sast-scan` job whose id is the scan
 * id), GitHub (`repository_dispatch` with `client_payload` {project, repo_url, ref, provider,
 * callback_url, scan_id, correlation_id}, or `workflow_dispatch` with the same as inputs), or the
 * scanner worker (`POST /scan`, signed). Throws with the reason when it cannot be sent; nothing here
 * ever carries a secret in a payload.
 */
export async function dispatchScan(
  deps: SastDeps,
  backend: SastBackend,
  scan: ScanDispatch,
): Promise<DispatchResult> {
  const { tenantId, ...input } = scan;
  if (backend.kind === 'local') {
    return createLocalDispatcher(jobQueue(deps, tenantId)).dispatch({
      target: { kind: 'local', queue: 'jobs', jobName: SAST_SCAN_JOB_TYPE },
      payload: requestPayload(input),
      correlationId: scan.scanId,
    });
  }
  if (backend.kind === 'github') {
    if (!deps.github)
      throw new Error(
        `the ${scan.provider} provider runs on GitHub (${backend.owner}/${backend.repo}) but no GitHub dispatcher is configured: give the service a GitHub token for dispatches`,
      );
    const callbackUrl = callbackUrlOf(deps);
    const payload: Record<string, string> = {
      project: scan.project,
      repo_url: scan.repoUrl,
      ...(scan.ref === undefined ? {} : { ref: scan.ref }),
      provider: scan.provider,
      callback_url: callbackUrl,
      scan_id: scan.scanId,
    };
    const target =
      backend.mode === 'workflow_dispatch'
        ? ({
            kind: 'workflow_dispatch',
            owner: backend.owner,
            repo: backend.repo,
            workflow: backend.workflow,
            ref: backend.ref,
          } as const)
        : ({
            kind: 'repository_dispatch',
            owner: backend.owner,
            repo: backend.repo,
            eventType: backend.eventType,
          } as const);
    return deps.github.dispatch({ target, payload, correlationId: scan.scanId });
  }
  const callbackUrl = callbackUrlOf(deps);
  const secret = backend.secret ?? deps.config.callbackSecrets[0];
  if (!secret)
    throw new Error(
      'the scanner worker backend needs a secret to sign POST /scan: set its backend.secret or sast.callbackSecrets',
    );
  const worker = createScannerWorkerDispatcher({ secret, policy: deps.outbound, lookup: deps.lookup });
  return worker.dispatch({
    target: { kind: 'scanner_worker', url: backend.url },
    payload: { ...requestPayload(input), callbackUrl },
    correlationId: scan.scanId,
  });
}
