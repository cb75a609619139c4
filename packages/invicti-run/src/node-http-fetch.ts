import http from 'node:http';
import https from 'node:https';
import { Readable } from 'node:stream';

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/**
 * A `fetch` over node:http(s) with a fresh connection per request, for a short-lived CLI: Node's
 * built-in fetch keeps its connection pool's timers alive for a quarter to half a second after the last
 * response, which a fire-and-forget launch would spend waiting to exit. Network failures reject with
 * `TypeError('fetch failed', { cause })` like the built-in fetch; an aborted signal rejects with its
 * reason.
 */
export async function nodeHttpFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const request = new Request(input, init);
  const url = new URL(request.url);
  const body = request.body ? Buffer.from(await request.arrayBuffer()) : undefined;
  const transport = url.protocol === 'https:' ? https : http;
  const headers: Record<string, string> = {};
  request.headers.forEach((value, key) => {
    headers[key] = value;
  });
  return new Promise<Response>((resolve, reject) => {
    const { signal } = request;
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const req = transport.request(url, { method: request.method, headers, agent: false }, (res) => {
      const responseHeaders = new Headers();
      for (const [key, value] of Object.entries(res.headers)) {
        if (Array.isArray(value)) for (const v of value) responseHeaders.append(key, v);
        else if (value !== undefined) responseHeaders.set(key, value);
      }
      const status = res.statusCode ?? 502;
      const empty = NULL_BODY_STATUSES.has(status) || request.method === 'HEAD';
      if (empty) res.resume();
      const stream = empty ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>);
      resolve(new Response(stream, { status, statusText: res.statusMessage, headers: responseHeaders }));
    });
    const onAbort = () => req.destroy(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    req.on('close', () => signal.removeEventListener('abort', onAbort));
    req.on('error', (error) =>
      reject(signal.aborted ? signal.reason : new TypeError('fetch failed', { cause: error })),
    );
    req.end(body);
  });
}
