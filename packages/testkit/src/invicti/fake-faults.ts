/** What a queued fault does to the next matching request. */
export type Fault =
  | { kind: 'status'; status: number; retryAfter?: number | string; message?: string }
  | { kind: 'slow'; delayMs: number }
  | { kind: 'malformed'; body: 'truncated' | 'html' | 'wrong-shape' };

interface Queued {
  fault: Fault;
  /** Substring of the path after `/api/1.0/`, e.g. `scans/status`; undefined matches every request. */
  path?: string;
  remaining: number;
}

/** A queue of one-shot faults, consumed by the requests they match, in order. */
export function createFaultQueue() {
  const queue: Queued[] = [];
  return {
    add(fault: Fault, opts: { path?: string; count?: number } = {}) {
      queue.push({ fault, path: opts.path?.toLowerCase().replace(/^\/+/, ''), remaining: opts.count ?? 1 });
    },
    /** The faults that apply to this request (at most one of each kind), consumed. */
    take(path: string): Fault[] {
      const found: Fault[] = [];
      const kinds = new Set<string>();
      for (const q of queue) {
        if (q.remaining <= 0 || kinds.has(q.fault.kind)) continue;
        if (q.path !== undefined && !path.includes(q.path)) continue;
        q.remaining -= 1;
        kinds.add(q.fault.kind);
        found.push(q.fault);
      }
      for (let i = queue.length - 1; i >= 0; i--) if ((queue[i] as Queued).remaining <= 0) queue.splice(i, 1);
      return found;
    },
    clear() {
      queue.length = 0;
    },
    get size() {
      return queue.length;
    },
  };
}

/** The response a malformed fault sends instead of the real answer. */
export function malformedResponse(body: 'truncated' | 'html' | 'wrong-shape'): Response {
  if (body === 'html') {
    return new Response('<!DOCTYPE html><html><body><h1>Service Unavailable</h1></body></html>', {
      status: 200,
      headers: { 'content-type': 'text/html; charset=utf-8' },
    });
  }
  const text = body === 'truncated' ? '{"Id":"5f1c3e0a-4c2b-4d8e-9f7a-' : '{"unexpected":true,"State":42}';
  return new Response(text, { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' } });
}
