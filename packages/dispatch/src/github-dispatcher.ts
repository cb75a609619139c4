import { randomUUID } from 'node:crypto';
import { Octokit } from '@octokit/rest';
import { DispatchError } from './dispatch-error.js';
import type { Dispatcher, DispatchRequest, DispatchResult } from './types.js';
import { validatePayload } from './validate-payload.js';

export interface GitHubDispatcherOptions {
  /** A token with Actions: write (workflow_dispatch) or Contents: write (repository_dispatch). */
  token: string;
  /** `https://api.github.com` by default; GitHub Enterprise Server or a fake for tests. */
  baseUrl?: string;
  /** Attempts for 429/5xx/secondary-rate-limit answers; default 3. */
  maxAttempts?: number;
  /** Longest wait honoured for a Retry-After or rate-limit reset; default 60 s. */
  maxWaitMs?: number;
  /** Per-request timeout; default 15 s. */
  timeoutMs?: number;
  /** For tests: how to wait. */
  sleep?: (ms: number) => Promise<void>;
}

interface HttpishError {
  status?: number;
  response?: { headers?: Record<string, string | undefined>; data?: unknown };
  message?: string;
}

/**
 * Sends dispatches to GitHub with @octokit/rest. The correlation id travels in the payload
 * (`correlation_id`) so the run's callback can be matched. Rate-limit aware: honours `retry-after` and
 * `x-ratelimit-reset`, retries 5xx with backoff and jitter, and never retries 4xx validation errors.
 */
export function createGitHubDispatcher(options: GitHubDispatcherOptions): Dispatcher {
  if (!options.token) throw new TypeError('@scanrelay/dispatch: createGitHubDispatcher needs a token');
  const octokit = new Octokit({
    auth: options.token,
    baseUrl: options.baseUrl ?? 'https://api.github.com',
    userAgent: 'scanrelay-dispatch',
    // Errors are returned as DispatchError; Octokit's own request log would print them twice.
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    request: { timeout: options.timeoutMs ?? 15_000 },
  });
  const maxAttempts = options.maxAttempts ?? 3;
  const maxWaitMs = options.maxWaitMs ?? 60_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));

  async function send(request: DispatchRequest, correlationId: string): Promise<DispatchResult> {
    const { target } = request;
    const payload = { ...request.payload, correlation_id: correlationId };
    if (target.kind === 'workflow_dispatch') {
      const res = await octokit.request(
        'POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches',
        {
          owner: target.owner,
          repo: target.repo,
          workflow_id: target.workflow,
          ref: target.ref,
          inputs: payload,
          return_run_details: true,
        } as never,
      );
      // 204 (no body) from older GitHub; 200 with run details since 2026.
      const data = (res.status === 200 ? res.data : undefined) as
        | { workflow_run_id?: number; html_url?: string; run_url?: string }
        | undefined;
      return { correlationId, runId: data?.workflow_run_id, runUrl: data?.html_url ?? data?.run_url };
    }
    if (target.kind === 'repository_dispatch') {
      await octokit.request('POST /repos/{owner}/{repo}/dispatches', {
        owner: target.owner,
        repo: target.repo,
        event_type: target.eventType,
        client_payload: payload,
      });
      return { correlationId };
    }
    throw new TypeError(`@scanrelay/dispatch: the GitHub dispatcher does not handle ${target.kind} targets`);
  }

  return {
    async dispatch(request) {
      const correlationId = request.correlationId ?? randomUUID();
      validatePayload(request.target, { ...request.payload, correlation_id: correlationId });
      for (let attempt = 1; ; attempt++) {
        try {
          return await send(request, correlationId);
        } catch (err) {
          if (err instanceof TypeError) throw err;
          const e = err as HttpishError;
          const wait = retryDelay(e, attempt);
          if (wait === undefined || attempt >= maxAttempts || wait > maxWaitMs) throw toDispatchError(e, err);
          await sleep(wait);
        }
      }
    },
  };
}

/** How long to wait before retrying, or undefined when the error is not retryable. */
export function retryDelay(e: HttpishError, attempt: number): number | undefined {
  const status = e.status;
  const headers = e.response?.headers ?? {};
  const retryAfter = headers['retry-after'];
  if (retryAfter !== undefined && /^\d+$/.test(retryAfter)) return Number(retryAfter) * 1000;
  const remaining = headers['x-ratelimit-remaining'];
  const reset = headers['x-ratelimit-reset'];
  if ((status === 403 || status === 429) && remaining === '0' && reset) {
    return Math.max(0, Number(reset) * 1000 - Date.now());
  }
  if (status === 429 || (status === 403 && /secondary rate limit/i.test(e.message ?? ''))) return 60_000;
  if (status === undefined || status >= 500) {
    const base = 500 * 2 ** (attempt - 1);
    return Math.round(Math.random() * base);
  }
  return undefined;
}

function toDispatchError(e: HttpishError, cause: unknown): DispatchError {
  const status = e.status;
  if (status === 401)
    return new DispatchError(
      'github_unauthorized',
      'GitHub rejected the token (401): check the dispatch token',
      { status, cause },
    );
  if (status === 403)
    return new DispatchError(
      'github_forbidden',
      `GitHub refused the dispatch (403): the token needs Actions: write or Contents: write, or a rate limit was hit`,
      { status, cause, retryable: true },
    );
  if (status === 404)
    return new DispatchError(
      'github_not_found',
      'GitHub answered 404: check owner, repository and workflow file, and that the token can see them',
      { status, cause },
    );
  if (status === 422)
    return new DispatchError(
      'github_unprocessable',
      `GitHub refused the inputs (422): ${e.message ?? ''}`.trim(),
      { status, cause },
    );
  return new DispatchError(
    'github_unavailable',
    `GitHub dispatch failed${status ? ` (${status})` : ''}: ${e.message ?? 'network error'}`,
    { status, cause, retryable: true },
  );
}
