import { randomUUID } from 'node:crypto';
import { runWithLogFields } from '@scanrelay/core';
import type { MiddlewareHandler } from 'hono';

/** What `requestId()` sets on the context. */
export interface RequestIdEnv {
  Variables: { requestId: string };
}

/** A caller's id is kept when it is 1 to 128 of these characters (UUIDs, ULIDs, trace ids); else one is made. */
const ACCEPTED_ID = /^[A-Za-z0-9._:;=+/@-]{1,128}$/;

/**
 * Gives every request an id: the caller's `X-Request-Id` when it is sane, else a random UUID. The id
 * is on the context (`requestId`), in every log line written while the request runs, in the
 * `X-Request-Id` response header, and in every problem+json answer (`requestId`), including those
 * that other middleware writes.
 */
export function requestId(): MiddlewareHandler<RequestIdEnv> {
  return async (c, next) => {
    const given = c.req.header('x-request-id');
    const id = given !== undefined && ACCEPTED_ID.test(given) ? given : randomUUID();
    c.set('requestId', id);
    // Set before the answer exists, it is written into the answer when the answer is made. Set after,
    // hono rebuilds the finished answer around a body stream, which node's server then reads back
    // chunk by chunk: that is for answers made without the context (a `Response` returned as is).
    c.header('X-Request-Id', id);
    await runWithLogFields({ requestId: id }, next);
    if (c.res.headers.get('content-type')?.startsWith('application/problem+json')) {
      c.res = await withRequestId(c.res, id);
      c.res.headers.delete('content-length');
    }
    if (c.res.headers.get('x-request-id') !== id) c.header('X-Request-Id', id);
  };
}

async function withRequestId(res: Response, id: string): Promise<Response> {
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return new Response(text, res);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return new Response(text, res);
  return new Response(JSON.stringify({ ...body, requestId: id }), res);
}
