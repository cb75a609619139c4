import { Hono } from 'hono';
import { listenLocal } from '../listen-local.js';

/** One dispatch the fake received, as GitHub would have seen it. */
export interface RecordedDispatch {
  kind: 'workflow_dispatch' | 'repository_dispatch';
  owner: string;
  repo: string;
  workflow?: string;
  ref?: string;
  eventType?: string;
  inputs: Record<string, unknown>;
  token: string;
  runId?: number;
  receivedAt: string;
}

export interface FakeGitHubOptions {
  /** Tokens accepted in `Authorization: token X` / `Bearer X`; default `['ghp_test']`. */
  tokens?: string[];
  /** Repositories that exist, as `owner/repo`, each with its workflow file names. Default: any repository, any workflow. */
  repos?: Record<string, string[]>;
  /** Primary rate limit per fake instance; default 5000. */
  rateLimit?: number;
  /** Answer workflow_dispatch with 200 + run details when asked (GitHub since 2026); default true. */
  returnRunDetails?: boolean;
}

export interface FakeGitHub {
  url: string;
  app: Hono<{ Variables: { token: string } }>;
  dispatches: RecordedDispatch[];
  /** The next `count` dispatch requests answer `status` (with Retry-After seconds when given). */
  failNext(status: number, opts?: { count?: number; retryAfter?: number; message?: string }): void;
  /** Sets the remaining primary rate limit (0 makes every request answer 403 with x-ratelimit-remaining 0). */
  setRateLimitRemaining(n: number): void;
  close(): Promise<void>;
}

const DOCS = 'https://docs.github.com/rest/actions/workflows#create-a-workflow-dispatch-event';

/**
 * A fake of GitHub's two dispatch endpoints, faithful to the documented contract: token check (401
 * Bad credentials), unknown repository or workflow (404), limits (25 inputs; 10 client_payload keys and
 * 64 KB; event_type ≤ 100 characters: 422), rate-limit headers, 204 or 200 with run details.
 */
export function createFakeGitHubApp(opts: FakeGitHubOptions = {}) {
  const tokens = new Set(opts.tokens ?? ['ghp_test']);
  const dispatches: RecordedDispatch[] = [];
  const failures: { status: number; retryAfter?: number; message?: string }[] = [];
  let remaining = opts.rateLimit ?? 5000;
  const limit = opts.rateLimit ?? 5000;
  let nextRunId = 1000;
  const app = new Hono<{ Variables: { token: string } }>();

  const error = (status: number, message: string, extra: Record<string, string> = {}) =>
    new Response(JSON.stringify({ message, documentation_url: DOCS, status: String(status) }), {
      status,
      headers: { 'content-type': 'application/json; charset=utf-8', ...extra },
    });

  app.use('*', async (c, next) => {
    const auth = c.req.header('authorization') ?? '';
    const token = auth.replace(/^(token|bearer)\s+/i, '');
    if (!auth || !tokens.has(token)) return error(401, 'Bad credentials');
    const reset = String(Math.floor(Date.now() / 1000) + 3600);
    const rl = {
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-reset': reset,
      'x-ratelimit-resource': 'core',
    };
    if (remaining <= 0) {
      return error(403, 'API rate limit exceeded', {
        ...rl,
        'x-ratelimit-remaining': '0',
        'x-ratelimit-used': String(limit),
      });
    }
    const failure = failures.shift();
    if (failure) {
      const headers: Record<string, string> = { ...rl, 'x-ratelimit-remaining': String(remaining) };
      if (failure.retryAfter !== undefined) headers['retry-after'] = String(failure.retryAfter);
      return error(failure.status, failure.message ?? 'Server Error', headers);
    }
    remaining -= 1;
    c.set('token', token);
    await next();
    c.header('x-ratelimit-limit', String(limit));
    c.header('x-ratelimit-remaining', String(remaining));
    c.header('x-ratelimit-reset', reset);
  });

  const repoKnown = (owner: string, repo: string) => !opts.repos || `${owner}/${repo}` in opts.repos;

  app.post('/repos/:owner/:repo/actions/workflows/:workflow/dispatches', async (c) => {
    const { owner, repo, workflow } = c.req.param();
    if (!repoKnown(owner, repo)) return error(404, 'Not Found');
    const workflows = opts.repos?.[`${owner}/${repo}`];
    if (workflows && !workflows.includes(workflow)) return error(404, 'Not Found');
    const body = (await c.req.json().catch(() => undefined)) as
      | { ref?: unknown; inputs?: unknown; return_run_details?: unknown }
      | undefined;
    if (!body || typeof body.ref !== 'string' || body.ref === '')
      return error(422, 'Invalid request.\n\n"ref" wasn\'t supplied.');
    const inputs = (body.inputs ?? {}) as Record<string, unknown>;
    if (typeof inputs !== 'object' || Array.isArray(inputs))
      return error(422, "Invalid request.\n\nFor 'properties/inputs', is not an object.");
    if (Object.keys(inputs).length > 25) return error(422, 'inputs are too large. Max 25 inputs allowed.');
    const runId = nextRunId++;
    dispatches.push({
      kind: 'workflow_dispatch',
      owner,
      repo,
      workflow,
      ref: body.ref,
      inputs,
      token: c.get('token'),
      runId,
      receivedAt: new Date().toISOString(),
    });
    if (body.return_run_details === true && opts.returnRunDetails !== false) {
      const base = new URL(c.req.url).origin;
      return c.json(
        {
          workflow_run_id: runId,
          run_url: `${base}/repos/${owner}/${repo}/actions/runs/${runId}`,
          html_url: `https://github.com/${owner}/${repo}/actions/runs/${runId}`,
        },
        200,
      );
    }
    return c.body(null, 204);
  });

  app.post('/repos/:owner/:repo/dispatches', async (c) => {
    const { owner, repo } = c.req.param();
    if (!repoKnown(owner, repo)) return error(404, 'Not Found');
    const raw = await c.req.text();
    const body = (() => {
      try {
        return JSON.parse(raw) as { event_type?: unknown; client_payload?: unknown };
      } catch {
        return undefined;
      }
    })();
    if (!body || typeof body.event_type !== 'string' || body.event_type.length === 0) {
      return error(422, 'Invalid request.\n\n"event_type" wasn\'t supplied.');
    }
    if (body.event_type.length > 100) return error(422, 'event_type is too long (maximum is 100 characters)');
    const payload = (body.client_payload ?? {}) as Record<string, unknown>;
    if (typeof payload !== 'object' || Array.isArray(payload))
      return error(422, 'client_payload must be an object');
    if (Object.keys(payload).length > 10)
      return error(422, 'client_payload has too many top-level properties (maximum is 10)');
    if (JSON.stringify(payload).length > 65_535)
      return error(422, 'client_payload is too large (maximum is 64 KB)');
    dispatches.push({
      kind: 'repository_dispatch',
      owner,
      repo,
      eventType: body.event_type,
      inputs: payload,
      token: c.get('token'),
      receivedAt: new Date().toISOString(),
    });
    return c.body(null, 204);
  });

  return {
    app,
    dispatches,
    failNext(status: number, o: { count?: number; retryAfter?: number; message?: string } = {}) {
      for (let i = 0; i < (o.count ?? 1); i++)
        failures.push({ status, retryAfter: o.retryAfter, message: o.message });
    },
    setRateLimitRemaining(n: number) {
      remaining = n;
    },
  };
}

/** Starts the fake GitHub on 127.0.0.1 (port 0 by default). */
export async function createFakeGitHub(
  opts: FakeGitHubOptions & { port?: number } = {},
): Promise<FakeGitHub> {
  const fake = createFakeGitHubApp(opts);
  const server = await listenLocal(fake.app.fetch, opts.port);
  return { ...fake, url: server.url, close: server.close };
}
