import * as z from 'zod/mini';
import { type InvictiError, InvictiResponseError, type RedactedRequest } from './invicti-error.js';
import { createNodeHttpSend } from './node-http-send.js';
import { redirectTarget } from './redirect-target.js';
import { parseRetryAfter, type RetryPolicy } from './retry.js';
import { describeFailure, remoteMessageOf, toInvictiError } from './to-invicti-error.js';
import type { Answer, Failure, Send, TransportConfig } from './transport.js';
import { useEnglishZodMessages } from './zod-locale.js';

// Answers are checked with zod/mini schemas (scan-schema.ts): their messages in English.
useEnglishZodMessages();

/**
 * `ky` (default): ky over `fetch`. `node-http`: node:http(s) straight, without ky and without the
 * fetch classes, for a short-lived process such as a fire-and-forget launch (see README); same rules.
 */
export type InvictiTransport = 'ky' | 'node-http';

/** Reported before each retry: which attempt failed, why, and how long the server asked to wait. */
export interface RetryEvent {
  attempt: number;
  error: InvictiError;
  retryAfterMs: number | undefined;
}

export interface RequesterConfig {
  /** The API root ending in `/api/1.0/` (see normalizeBaseUrl). */
  baseUrl: string;
  userId: string;
  apiToken: string;
  /** Per attempt. */
  timeoutMs: number;
  retry?: RetryPolicy;
  onRetry?: (event: RetryEvent) => void;
  fetch?: typeof globalThis.fetch;
  userAgent?: string;
  transport?: InvictiTransport;
}

interface RequestSpec<T> {
  method: 'GET' | 'POST';
  /** Relative to the API root, without a leading slash, e.g. `scans/status/ID`. */
  path: string;
  searchParams?: Record<string, string | number | boolean | undefined>;
  json?: unknown;
  /** A zod schema, classic or mini (checked through mini's `safeParse`, which takes either). */
  schema: z.core.$ZodType<T>;
  /** False for calls that must not run twice (launching a scan). Default true. */
  idempotent?: boolean;
  signal?: AbortSignal;
}

export type Requester = <T>(spec: RequestSpec<T>) => Promise<T>;

function redact(method: string, url: string): RedactedRequest {
  return { method, url, headers: { accept: 'application/json', authorization: 'Basic [REDACTED]' } };
}

function describeIssue(issue: z.core.$ZodIssue): { path: string; text: string } {
  const path = issue.path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`))
    .join('');
  return { path, text: `${path || '(root)'}: ${issue.message}` };
}

/** ky's transport, loaded on its first call: a `node-http` client never evaluates ky (nor undici). */
function lazyKySend(cfg: TransportConfig & { fetch?: typeof fetch }): Send {
  let loaded: Promise<Send> | undefined;
  return async (target, call) => {
    loaded ??= import('./ky-send.js').then((m) => m.createKySend(cfg));
    return (await loaded)(target, call);
  };
}

/**
 * One function that performs every call: Basic auth, JSON, a timeout per attempt, retries with
 * backoff, jitter and `Retry-After` (retry.ts, through either transport), same-origin redirects,
 * then the answer checked with its zod schema. Every failure comes out as an InvictiError whose
 * request has the Authorization header redacted.
 */
export function createRequester(cfg: RequesterConfig): Requester {
  const authorization = `Basic ${Buffer.from(`${cfg.userId}:${cfg.apiToken}`).toString('base64')}`;
  const transport: TransportConfig = {
    timeoutMs: cfg.timeoutMs,
    retry: cfg.retry,
    headers: {
      authorization,
      accept: 'application/json',
      'user-agent': cfg.userAgent ?? 'scanrelay-invicti-client',
    },
  };
  const send =
    cfg.transport === 'node-http'
      ? createNodeHttpSend(transport)
      : lazyKySend({ ...transport, ...(cfg.fetch ? { fetch: cfg.fetch } : {}) });

  return async function request<T>(spec: RequestSpec<T>): Promise<T> {
    const url = new URL(spec.path, cfg.baseUrl);
    for (const [k, v] of Object.entries(spec.searchParams ?? {})) {
      if (v !== undefined) url.searchParams.set(k, String(v));
    }
    const redacted = redact(spec.method, url.toString());
    let attempts = 1;
    const ctx = () => ({ request: redacted, userId: cfg.userId, attempts, signal: spec.signal });
    const call = {
      method: spec.method,
      json: spec.json,
      signal: spec.signal,
      idempotent: spec.idempotent ?? true,
      onRetry: (failure: Failure, retryCount: number) => {
        attempts = retryCount + 1;
        cfg.onRetry?.({
          attempt: retryCount,
          error: describeFailure(failure, { ...ctx(), attempts: retryCount }),
          retryAfterMs:
            failure.kind === 'status' ? parseRetryAfter(failure.answer.header('retry-after')) : undefined,
        });
      },
    };
    let response: Answer;
    for (let target = url, hops = 0; ; hops++) {
      const sent = await send(target, call);
      if (sent.answer) {
        response = sent.answer;
        break;
      }
      const next =
        sent.failure.kind === 'status'
          ? redirectTarget(sent.failure.answer, target, hops, redacted)
          : undefined;
      if (!next) throw await toInvictiError(sent.failure, ctx());
      target = next;
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw await toInvictiError({ kind: 'network', cause: error }, ctx());
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (error) {
      const remote = remoteMessageOf(text);
      throw new InvictiResponseError(
        `${spec.method} ${redacted.url} answered ${response.status} with a body that is not JSON (${text.length} bytes, starting ${JSON.stringify(text.slice(0, 40))})`,
        { status: response.status, request: redacted, remoteMessage: remote, cause: error },
      );
    }
    const parsed = z.safeParse(spec.schema, body);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      const where = first ? describeIssue(first) : { path: '', text: 'unexpected shape' };
      throw new InvictiResponseError(
        `${spec.method} ${redacted.url} answered an unexpected shape at ${where.text}`,
        {
          status: response.status,
          request: redacted,
          path: where.path,
          cause: parsed.error,
        },
      );
    }
    return parsed.data;
  };
}
