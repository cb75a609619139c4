import type { JobRecord } from '@scanrelay/storage';
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { ApiServices } from './app-env.js';
import { followJobLog } from './follow-job-log.js';
import { logLineView } from './schemas/job-view.js';

const HEARTBEAT_MS = 15_000;

export interface JobLogStream {
  services: ApiServices;
  tenantId: string;
  jobId: string;
  /** The seq of the last line the client has. */
  afterSeq: number;
  /** The data of the final `end` event. */
  endData(job: JobRecord): unknown;
  /** Aborted when the API drains: the stream ends. */
  shutdown?: AbortSignal;
}

/**
 * A job's log as Server-Sent Events until the job ends (`followJobLog`): `log` events (data: the line
 * as JSON, id: its seq), then one `end` event; a `: keep-alive` comment every 15 s. Ends early when
 * the client goes away or `shutdown` aborts.
 */
export function streamJobLog(c: Context, o: JobLogStream): Response {
  return streamSSE(c, async (stream) => {
    const abort = new AbortController();
    const stop = () => abort.abort();
    stream.onAbort(stop);
    o.shutdown?.addEventListener('abort', stop, { once: true });
    const heartbeat = setInterval(() => void stream.write(': keep-alive\n\n').catch(stop), HEARTBEAT_MS);
    try {
      await followJobLog({
        store: o.services.store,
        tenantId: o.tenantId,
        jobId: o.jobId,
        afterSeq: o.afterSeq,
        pollMs: o.services.config.logPollMs,
        signal: abort.signal,
        onLine: (line) =>
          stream.writeSSE({ event: 'log', id: String(line.seq), data: JSON.stringify(logLineView(line)) }),
        onEnd: (job) => stream.writeSSE({ event: 'end', data: JSON.stringify(o.endData(job)) }),
      });
    } finally {
      clearInterval(heartbeat);
      o.shutdown?.removeEventListener('abort', stop);
    }
  });
}
