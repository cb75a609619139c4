import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';

export interface SentResponse {
  status: number;
  retryAfter: string | undefined;
}

/** Answers are read up to this much and dropped: only the status matters. */
const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * One POST of `body` over node:http(s) with `lookup` deciding the address connected to (the outbound
 * rules at connection time). Resolves with the status for any answer; rejects on network errors,
 * the timeout or the signal.
 */
export function sendRequest(
  url: URL,
  headers: Record<string, string>,
  body: Uint8Array,
  options: { timeoutMs: number; lookup: LookupFunction; signal?: AbortSignal },
): Promise<SentResponse> {
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = transport.request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(body.length) },
        lookup: options.lookup,
        timeout: options.timeoutMs,
        signal: options.signal,
      },
      (response) => {
        let read = 0;
        response.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_ANSWER_BYTES) response.destroy();
        });
        const done = () =>
          resolve({
            status: response.statusCode ?? 0,
            retryAfter: response.headers['retry-after'],
          });
        response.on('end', done);
        response.on('close', done);
        response.on('error', done);
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    request.on('error', reject);
    request.end(body);
  });
}
