import { type Job, type JobLogLine, jobLogLineSchema, jobSchema } from '@scanrelay/api-schema';
import type { KyInstance } from 'ky';
import { ClientError } from './client-error.js';
import { sleep } from './sleep.js';
import { parseSse } from './sse.js';
import { toClientError } from './to-client-error.js';

export type JobLogEvent = { type: 'log'; line: JobLogLine } | { type: 'end'; job: Job };

export interface StreamJobLogsOptions {
  /** The last line already seen: the stream starts after it. */
  after?: number;
  signal?: AbortSignal;
  /** Reconnections in a row without an event before giving up; default 5. */
  reconnects?: number;
  /** Give up after this long with a `ClientError` of code `wait_timeout` (the job may still be running). */
  timeoutMs?: number;
}

/** How long to wait before reconnecting when the server did not say (`retry:`). */
const DEFAULT_RETRY_MS = 1_000;

/**
 * `GET /api/v1/jobs/:id/logs` until the `end` event: the whole log from its first line (or from
 * `after`), also for a job that has already ended. When the stream drops first (a proxy timeout, an
 * API replica draining) it is reopened after the server's `retry:` time with `Last-Event-ID` set to
 * the last line seen, so no line is lost or repeated.
 */
export async function* streamJobLogs(
  http: KyInstance,
  id: string,
  o: StreamJobLogsOptions = {},
): AsyncGenerator<JobLogEvent> {
  if (o.timeoutMs === undefined) return yield* follow(http, id, o);
  const timeout = AbortSignal.timeout(o.timeoutMs);
  try {
    yield* follow(http, id, { ...o, signal: o.signal ? AbortSignal.any([o.signal, timeout]) : timeout });
  } catch (err) {
    if (timeout.aborted && !o.signal?.aborted)
      throw new ClientError('wait_timeout', `job ${id} did not end within ${o.timeoutMs} ms`, { cause: err });
    throw err;
  }
}

async function* follow(http: KyInstance, id: string, o: StreamJobLogsOptions): AsyncGenerator<JobLogEvent> {
  let lastId = o.after;
  let retryMs = DEFAULT_RETRY_MS;
  let failures = 0;
  while (true) {
    let body: ReadableStream<Uint8Array> | undefined;
    try {
      const res = await http.get(`api/v1/jobs/${encodeURIComponent(id)}/logs`, {
        headers: {
          accept: 'text/event-stream',
          ...(lastId !== undefined ? { 'last-event-id': String(lastId) } : {}),
        },
        timeout: false,
        retry: 0,
        signal: o.signal,
      });
      if (!res.body)
        throw new ClientError('invalid_response', 'the log stream has no body', { status: res.status });
      body = res.body;
    } catch (err) {
      const e = await toClientError(err);
      if (!e.retryable || failures >= (o.reconnects ?? 5)) throw e;
    }
    if (body) {
      const events = parseSse(body, { onRetry: (ms) => (retryMs = ms) });
      try {
        while (true) {
          let step: IteratorResult<{ event: string; data: string; id?: string }>;
          try {
            step = await events.next();
          } catch (err) {
            if (o.signal?.aborted) throw err;
            break; // the connection dropped: reconnect below
          }
          if (step.done) break;
          const ev = step.value;
          failures = 0;
          if (ev.id && /^\d+$/.test(ev.id)) lastId = Number(ev.id);
          if (ev.event === 'log') yield { type: 'log', line: jobLogLineSchema.parse(JSON.parse(ev.data)) };
          else if (ev.event === 'end') {
            yield { type: 'end', job: jobSchema.parse(JSON.parse(ev.data)) };
            return;
          }
        }
      } finally {
        await events.return(undefined);
      }
      if (failures >= (o.reconnects ?? 5))
        throw new ClientError(
          'stream_ended',
          `the log stream of job ${id} ended ${failures + 1} times without its end event`,
          { retryable: true },
        );
    }
    failures++;
    await sleep(retryMs, o.signal);
  }
}
