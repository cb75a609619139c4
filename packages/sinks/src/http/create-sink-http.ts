import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import {
  checkOutboundUrl,
  createOutboundLookup,
  isOutboundError,
  type OutboundPolicy,
} from '@scanrelay/outbound';
import { DEFAULT_RETRY, parseRetryAfter, type RetryPolicy, retryDelay } from './retry-delay.js';
import { scrub } from './scrub.js';
import { SinkError, type SinkErrorCode } from './sink-error.js';

/** Progress lines; never given a credential. */
export type SinkLog = (
  level: 'info' | 'warn' | 'error',
  message: string,
  fields?: Record<string, unknown>,
) => void;

/** Waits `ms`; rejects when the signal fires. Injected in tests to record the waits. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** setTimeout-based Sleep that rejects when the signal fires. */
export const defaultSleep: Sleep = (ms, signal) => delay(ms, undefined, signal ? { signal } : {});

export interface SinkHttpOptions {
  /** The destination's configured name, carried by every error and log line. */
  destination: string;
  /** The destination root, e.g. `https://api.demo.appsecphx.io`; request paths are appended to it. */
  baseUrl: string;
  outbound: OutboundPolicy;
  /** Per attempt, from sending to the last byte of the answer. */
  timeoutMs: number;
  /** Attempts per request, the first included. */
  attempts: number;
  retry?: RetryPolicy;
  sleep?: Sleep;
  random?: () => number;
  now?: () => number;
  log?: SinkLog;
  /** Values that must never appear in a message or a log line; header values of credentials are added automatically. */
  secrets?: readonly string[];
  userAgent?: string;
  /** Larger answers are refused (SINK_BAD_RESPONSE). Default 8 MiB. */
  maxResponseBytes?: number;
}

export type SinkBody =
  | { data: string | Uint8Array; contentType: string }
  /** Opened again for every attempt, so a file can be streamed without being held in memory. */
  | { open: () => Readable; length: number; contentType: string };

export interface SinkRequest {
  method: 'GET' | 'POST' | 'PUT';
  /** Appended to the base URL, e.g. `/v1/import/assets`. */
  path: string;
  query?: Record<string, string>;
  /** May hold credentials: their values are never logged nor put in errors. */
  headers?: Record<string, string>;
  json?: unknown;
  body?: SinkBody;
  signal?: AbortSignal;
  /** Non-2xx statuses handed back instead of thrown (401 to re-authenticate, 413 to split). */
  passStatuses?: readonly number[];
}

export interface SinkResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/** The request core every sink uses. */
export interface SinkHttp {
  request(req: SinkRequest): Promise<SinkResponse>;
  /** Adds a value learned later (a bearer token) to those never shown. */
  addSecret(value: string): void;
  /** Scrubs every known secret from a text. */
  redact(text: string): string;
  /** Closes the kept-alive connections. */
  close(): void;
}

const CREDENTIAL_HEADER = /auth|token|key|secret|signature|cookie/i;

class AttemptTimeout extends Error {}

interface Attempt {
  kind: 'response' | 'timeout' | 'network';
  response?: SinkResponse;
  cause?: unknown;
}

/**
 * One request core for every sink: outbound URL rules (checked before the request and again on the
 * address connected to), a timeout per attempt, retries with exponential backoff and full jitter on
 * 429, 5xx, timeouts and network errors honouring `Retry-After`, and errors that never carry a
 * credential. Redirects are not followed.
 */
export function createSinkHttp(opts: SinkHttpOptions): SinkHttp {
  const retry = { ...DEFAULT_RETRY, ...opts.retry };
  const sleep: Sleep = opts.sleep ?? defaultSleep;
  const random = opts.random ?? Math.random;
  const now = opts.now ?? Date.now;
  const maxBytes = opts.maxResponseBytes ?? 8 * 1024 * 1024;
  const secrets = new Set((opts.secrets ?? []).filter((s) => s.length > 0));
  const lookup = createOutboundLookup(opts.outbound);
  const agents = {
    http: new http.Agent({ keepAlive: true, lookup }),
    https: new https.Agent({ keepAlive: true, lookup }),
  };
  const base = opts.baseUrl.replace(/\/+$/, '');
  const redact = (text: string) => scrub(text, [...secrets]);

  function fail(
    code: SinkErrorCode,
    message: string,
    extra: { status?: number; request?: string; attempts?: number; cause?: unknown } = {},
  ) {
    return new SinkError(code, redact(message), { destination: opts.destination, ...extra });
  }

  function attempt(url: URL, req: SinkRequest, headers: Record<string, string>): Promise<Attempt> {
    return new Promise((resolve) => {
      const client = url.protocol === 'https:' ? https : http;
      const out = client.request(url, {
        method: req.method,
        headers,
        agent: url.protocol === 'https:' ? agents.https : agents.http,
      });
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        out.destroy(new AttemptTimeout());
      }, opts.timeoutMs);
      const failed = (cause: unknown) => done({ kind: timedOut ? 'timeout' : 'network', cause });
      const done = (a: Attempt) => {
        clearTimeout(timer);
        req.signal?.removeEventListener('abort', onAbort);
        resolve(a);
      };
      const onAbort = () => out.destroy(new Error('aborted'));
      req.signal?.addEventListener('abort', onAbort, { once: true });
      out.on('error', failed);
      out.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            res.destroy();
            done({ kind: 'network', cause: new Error(`answer larger than ${maxBytes} bytes`) });
            return;
          }
          chunks.push(chunk);
        });
        res.on('error', failed);
        res.on('close', () => {
          if (!res.complete) failed(new Error('connection closed before the answer ended'));
        });
        res.on('end', () =>
          done({
            kind: 'response',
            response: {
              status: res.statusCode ?? 0,
              headers: res.headers,
              text: Buffer.concat(chunks).toString('utf8'),
            },
          }),
        );
      });
      const body = req.body;
      if (body && 'open' in body) {
        const stream = body.open();
        stream.on('error', (cause) => out.destroy(cause));
        stream.pipe(out);
      } else {
        out.end(body?.data);
      }
    });
  }

  function prepare(req: SinkRequest): { url: URL; headers: Record<string, string>; body?: SinkBody } {
    const url = new URL(`${base}${req.path}`);
    for (const [k, v] of Object.entries(req.query ?? {})) url.searchParams.set(k, v);
    const headers: Record<string, string> = {
      accept: 'application/json',
      'user-agent': opts.userAgent ?? 'scanrelay-sinks',
      ...req.headers,
    };
    for (const [k, v] of Object.entries(req.headers ?? {})) {
      if (CREDENTIAL_HEADER.test(k)) {
        secrets.add(v);
        const space = v.indexOf(' ');
        if (space > 0) secrets.add(v.slice(space + 1));
      }
    }
    let body = req.body;
    if (req.json !== undefined) body = { data: JSON.stringify(req.json), contentType: 'application/json' };
    if (body) {
      headers['content-type'] = body.contentType;
      headers['content-length'] = String('open' in body ? body.length : Buffer.byteLength(body.data));
    }
    return body ? { url, headers, body } : { url, headers };
  }

  async function request(req: SinkRequest): Promise<SinkResponse> {
    const call = `${req.method} ${req.path}`;
    const checked = checkOutboundUrl(`${base}${req.path}`, opts.outbound);
    if (!checked.ok)
      throw fail('SINK_URL_REFUSED', `${opts.destination}: the URL is refused: ${checked.reason}`, {
        request: call,
      });
    const { url, headers, body } = prepare(req);
    const sendable = body ? { ...req, body } : req;
    for (let n = 1; ; n++) {
      const a = await attempt(url, sendable, headers);
      const extra = { request: call, attempts: n };
      if (req.signal?.aborted) throw fail('SINK_ABORTED', `${opts.destination}: ${call} was aborted`, extra);
      if (a.kind !== 'response' && isOutboundError(a.cause)) {
        throw fail('SINK_URL_REFUSED', `${opts.destination}: the URL is refused: ${a.cause.detail}`, extra);
      }
      const res = a.response;
      if (res && ((res.status >= 200 && res.status < 300) || req.passStatuses?.includes(res.status)))
        return res;
      const transient = !res || res.status === 408 || res.status === 429 || res.status >= 500;
      const why = res
        ? `answered ${res.status}`
        : a.kind === 'timeout'
          ? `timed out after ${opts.timeoutMs} ms`
          : `failed: ${networkDetail(a.cause)}`;
      if (transient && n < opts.attempts) {
        const retryAfter = parseRetryAfter(headerValue(res?.headers['retry-after']), now());
        const waitMs = retryDelay(n, retryAfter, retry, random);
        opts.log?.('warn', `${opts.destination}: ${call} ${why}; retrying in ${waitMs} ms`, {
          destination: opts.destination,
          attempt: n,
          waitMs,
          status: res?.status,
        });
        try {
          await sleep(waitMs, req.signal);
        } catch (cause) {
          throw fail('SINK_ABORTED', `${opts.destination}: ${call} was aborted`, { ...extra, cause });
        }
        continue;
      }
      if (!res) {
        const code = a.kind === 'timeout' ? 'SINK_TIMEOUT' : 'SINK_UNREACHABLE';
        throw fail(code, `${opts.destination}: ${call} ${why}${n > 1 ? ` (${n} attempts)` : ''}`, {
          ...extra,
          cause: a.cause,
        });
      }
      throw statusError(res, call, n);
    }
  }

  function statusError(res: SinkResponse, call: string, attempts: number): SinkError {
    const remote = remoteExcerpt(res.text);
    const says = remote ? ` (the destination says: ${remote})` : '';
    const extra = { status: res.status, request: call, attempts };
    const who = opts.destination;
    if (res.status === 401 || res.status === 403)
      return fail('SINK_AUTH', `${who}: ${call} refused the credentials (${res.status})${says}`, extra);
    if (res.status === 413)
      return fail('SINK_TOO_LARGE', `${who}: ${call} is too large for the destination (413)${says}`, extra);
    if (res.status === 429 || res.status >= 500 || res.status === 408)
      return fail(
        'SINK_UNAVAILABLE',
        `${who}: ${call} answered ${res.status} on all ${attempts} attempts${says}`,
        extra,
      );
    if (res.status >= 300 && res.status < 400)
      return fail(
        'SINK_REJECTED',
        `${who}: ${call} answered a redirect (${res.status}), which is not followed: check the URL`,
        extra,
      );
    return fail('SINK_REJECTED', `${who}: ${call} was refused (${res.status})${says}`, extra);
  }

  return {
    request,
    addSecret: (value) => {
      if (value) secrets.add(value);
    },
    redact,
    close: () => {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function networkDetail(cause: unknown): string {
  const e = cause as { code?: unknown; message?: unknown } | undefined;
  if (typeof e?.code === 'string') return e.code;
  return typeof e?.message === 'string' ? e.message : 'network error';
}

/** The first 300 characters of a remote error body, control characters flattened. */
function remoteExcerpt(text: string): string | undefined {
  const flat = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return flat ? flat.slice(0, 300) : undefined;
}
