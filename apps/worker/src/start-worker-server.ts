import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { checkHealth } from '@scanrelay/core';
import { matchesToken, presentedToken } from '@scanrelay/hmac-webhooks';
import type { Queue } from '@scanrelay/queue';
import type { Store } from '@scanrelay/storage';
import { closeServer, listen } from './listen.js';

export interface WorkerServerOptions {
  store: Pick<Store, 'ping' | 'dialect'>;
  queue: Pick<Queue, 'ping' | 'driver'>;
  /** The worker's Prometheus metrics (the API's `createMetrics()`, shared with `createWorker`). */
  metrics?: { render(): Promise<string>; readonly contentType: string };
  /** `0` picks a free port. */
  port: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** When set, `/metrics` needs `Authorization: Bearer <token>` (`/health` never does). */
  token?: string;
  /** Reported by `/health`. */
  version?: string;
}

export interface WorkerServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * A worker's own small HTTP listener, so that each of several workers can be probed and scraped:
 * `GET /health` (200 `ok` or 503 `degraded`, with database and queue reachability, like the API's) and
 * `GET /metrics` (this process's job counters and process metrics).
 */
export function startWorkerServer(options: WorkerServerOptions): Promise<WorkerServer> {
  const server = createServer((req, res) => {
    handle(options, req, res).catch(() => send(res, 500, 'text/plain', 'internal error\n'));
  });
  return listen(server, options.port, options.host).then((at) => ({
    ...at,
    close: () => closeServer(server),
  }));
}

async function handle(
  options: WorkerServerOptions,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'GET only\n');
  if (path === '/health') {
    const { ok, database, queue } = await checkHealth(options.store, options.queue);
    const body = {
      status: ok ? 'ok' : 'degraded',
      role: 'worker',
      version: options.version,
      database,
      queue,
    };
    return send(res, ok ? 200 : 503, 'application/json', JSON.stringify(body));
  }
  if (path === '/metrics' && options.metrics) {
    if (options.token && !matchesToken(presentedToken(req.headers.authorization), [options.token]))
      return send(res, 401, 'text/plain', 'send the metrics token as "Authorization: Bearer <token>"\n');
    return send(res, 200, options.metrics.contentType, await options.metrics.render());
  }
  send(res, 404, 'text/plain', 'not found: this port serves GET /health and GET /metrics\n');
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type }).end(body);
}
