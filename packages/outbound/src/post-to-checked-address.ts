import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';

/** What the receiver answered: the status, its `Retry-After`, and the first bytes of its body. */
export interface CheckedAnswer {
  status: number;
  retryAfter: string | undefined;
  /** At most `maxAnswerBytes` of the answer, as UTF-8. */
  text: string;
}

export interface PostOptions {
  /** Decides the address connected to: `createOutboundLookup(policy)` applies the outbound rules at connection time. */
  lookup: LookupFunction;
  /** No answer within this: the request is destroyed and the promise rejects. */
  timeoutMs: number;
  signal?: AbortSignal;
  /** The answer is read up to this much, the rest dropped; default 16 KiB. */
  maxAnswerBytes?: number;
}

/**
 * One POST of `body` over node:http(s) to a URL already checked with `resolveOutboundUrl`, connecting
 * only to an address `lookup` allows. Resolves for any answer (redirects are not followed); rejects on
 * network errors, the timeout and the signal. The signed callbacks of SAST runners and the scanner
 * worker dispatches both go through it.
 */
export function postToCheckedAddress(
  url: URL,
  headers: Record<string, string>,
  body: Uint8Array,
  options: PostOptions,
): Promise<CheckedAnswer> {
  const transport = url.protocol === 'https:' ? https : http;
  const max = options.maxAnswerBytes ?? 16 * 1024;
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
        const chunks: Buffer[] = [];
        let read = 0;
        let settled = false;
        const done = () => {
          if (settled) return;
          settled = true;
          resolve({
            status: response.statusCode ?? 0,
            retryAfter: response.headers['retry-after'],
            text: Buffer.concat(chunks).toString('utf8'),
          });
        };
        response.on('data', (chunk: Buffer) => {
          if (read < max) chunks.push(chunk.subarray(0, max - read));
          read += chunk.length;
          if (read > max) response.destroy();
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
