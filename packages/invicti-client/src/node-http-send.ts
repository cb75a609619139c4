import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import { isRetryable, retryDelay, retryPolicy } from './retry.js';
import type { Answer, Attempted, Call, Send, TransportConfig } from './transport.js';

/** The answer, its body gathered as it arrives (read after the headers, as with fetch). */
function nodeAnswer(res: IncomingMessage): Answer {
  const chunks: Buffer[] = [];
  const body = new Promise<string>((resolve, reject) => {
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', reject);
    res.on('aborted', () => reject(new TypeError('terminated', { cause: new Error('aborted') })));
  });
  // Unread bodies (a redirect, a retried answer) must not reject unhandled.
  body.catch(() => {});
  return {
    status: res.statusCode ?? 502,
    header: (name) => {
      const value = res.headers[name.toLowerCase()];
      return Array.isArray(value) ? value.join(', ') : (value ?? null);
    },
    text: () => body,
    discard: () => res.destroy(),
  };
}

/** One attempt: the answer when its headers arrive, or why none came. */
function attempt(target: URL, call: Call, cfg: TransportConfig): Promise<Attempted> {
  const body = call.json === undefined ? undefined : Buffer.from(JSON.stringify(call.json));
  const headers: Record<string, string> = { ...cfg.headers };
  if (body) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(body.length);
  }
  const { signal } = call;
  return new Promise<Attempted>((resolve) => {
    if (signal?.aborted) return resolve({ failure: { kind: 'network', cause: signal.reason } });
    // A fresh connection per call: a pool's keep-alive timers would hold a short-lived CLI's exit.
    const transport = target.protocol === 'https:' ? https : http;
    const req = transport.request(target, { method: call.method, headers, agent: false });
    const timer = setTimeout(() => {
      done({ failure: { kind: 'timeout', cause: new Error(`no answer within ${cfg.timeoutMs} ms`) } });
      req.destroy();
    }, cfg.timeoutMs);
    const onAbort = () => req.destroy();
    signal?.addEventListener('abort', onAbort, { once: true });
    function done(result: Attempted) {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(result);
    }
    req.on('response', (res) => {
      const answer = nodeAnswer(res);
      const ok = answer.status >= 200 && answer.status < 300;
      done(ok ? { answer } : { failure: { kind: 'status', answer } });
    });
    // Shaped like fetch's failure, so that both transports' network errors read the same.
    req.on('error', (error) =>
      done({
        failure: {
          kind: 'network',
          cause: signal?.aborted ? signal.reason : new TypeError('fetch failed', { cause: error }),
        },
      }),
    );
    req.end(body);
  });
}

/**
 * A transport over node:http(s) without the fetch classes, for a short-lived launch (loading undici
 * for `Request`/`Response` costs about as much as Node's own start-up). Retries, backoff and
 * `Retry-After` follow the same rules as ky's transport (retry.ts); redirects are left to the
 * requester, as ky's `redirect: 'manual'` does.
 */
export function createNodeHttpSend(cfg: TransportConfig): Send {
  const policy = retryPolicy(cfg.retry);
  return async (target, call) => {
    for (let retryCount = 1; ; retryCount++) {
      const result = await attempt(target, call, cfg);
      const { failure } = result;
      if (!failure || retryCount > policy.limit || call.signal?.aborted) return result;
      if (!isRetryable(failure, call.idempotent)) return result;
      if (failure.kind === 'status') failure.answer.discard();
      try {
        await sleep(retryDelay(failure, retryCount, policy), undefined, { signal: call.signal });
      } catch (error) {
        return { failure: { kind: 'network', cause: error } };
      }
      call.onRetry(failure, retryCount);
    }
  };
}
