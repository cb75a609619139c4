/**
 * Where a piece of scan work goes: a GitHub workflow, a repository_dispatch event, the local queue,
 * or a self-hosted scanner worker (`POST <url>/scan`, signed).
 */
export type DispatchTarget =
  | {
      kind: 'workflow_dispatch';
      owner: string;
      repo: string;
      /** Workflow file name (e.g. `fetch-invicti-results.yml`) or numeric id. */
      workflow: string;
      ref: string;
    }
  | { kind: 'repository_dispatch'; owner: string; repo: string; eventType: string }
  | { kind: 'local'; queue: string; jobName: string }
  | {
      kind: 'scanner_worker';
      /** The worker's base URL; requests go to `<url>/scan`. */
      url: string;
    };

/**
 * What to send. `payload` is flat string data (workflow inputs are strings; at most 25 keys for
 * workflow_dispatch, 10 top-level keys and 64 KB for repository_dispatch). Never credentials. For a
 * scanner worker it is the scan request itself: `{repoUrl, ref?, project, provider, callbackUrl, scanId}`.
 */
export interface DispatchRequest {
  target: DispatchTarget;
  payload: Record<string, string>;
  /**
   * Added to the payload as `correlation_id` so the callback can be matched; defaults to a uuid (for a
   * scanner worker, whose request body is strict, it is not added: the default is the payload's `scanId`).
   */
  correlationId?: string;
}

export interface DispatchResult {
  correlationId: string;
  /** Present when GitHub returned run details (workflow_dispatch with return_run_details). */
  runId?: number;
  runUrl?: string;
  /** For the local backend: the queued job id. */
  jobId?: string;
}

export interface Dispatcher {
  dispatch(request: DispatchRequest): Promise<DispatchResult>;
}
