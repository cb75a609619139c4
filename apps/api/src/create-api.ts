import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { createNodeWebSocket, type NodeWebSocket } from '@hono/node-ws';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { ApiServices, AppEnv } from './app-env.js';
import { type ApiDeps, buildApp } from './build-app.js';

export interface StartOptions {
  /** Default 8787; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
}

export interface ListeningInfo {
  url: string;
  host: string;
  port: number;
}

/** The API: the hono app (usable with `app.request()` or any adapter) and a node server around it. */
export interface ScanrelayApi {
  readonly app: OpenAPIHono<AppEnv>;
  readonly services: ApiServices;
  fetch(request: Request): Response | Promise<Response>;
  /** Listens on `host:port` (HTTP and the log WebSocket). */
  start(options?: StartOptions): Promise<ListeningInfo>;
  /**
   * Drains: stops accepting connections, ends log streams, lets in-flight requests and background
   * dispatches finish (up to `timeoutMs`, default 10 s), then closes what is left.
   */
  close(options?: { timeoutMs?: number }): Promise<void>;
}

export function createApi(deps: ApiDeps): ScanrelayApi {
  let nodeWs: NodeWebSocket | undefined;
  const built = buildApp(deps, (app) => {
    nodeWs = createNodeWebSocket({ app });
    return nodeWs.upgradeWebSocket;
  });
  let server: ServerType | undefined;
  let closing: Promise<void> | undefined;

  return {
    app: built.app,
    services: built.services,
    fetch: (request) => built.app.fetch(request),
    start(options = {}) {
      if (server) throw new TypeError('@scanrelay/api: start() was already called');
      const host = options.host ?? '127.0.0.1';
      return new Promise<ListeningInfo>((resolve, reject) => {
        const s = serve(
          { fetch: built.app.fetch, port: options.port ?? 8787, hostname: host },
          (info: AddressInfo) => {
            const shownHost = info.family === 'IPv6' ? `[${info.address}]` : info.address;
            resolve({ url: `http://${shownHost}:${info.port}`, host: info.address, port: info.port });
          },
        );
        s.once('error', reject);
        nodeWs?.injectWebSocket(s);
        server = s;
      });
    },
    close(options = {}) {
      closing ??= (async () => {
        built.shutdown.abort();
        const s = server;
        if (s) {
          const closed = new Promise<void>((resolve) => s.close(() => resolve()));
          // close() drops the connections idle now. A keep-alive connection whose in-flight request
          // or log stream ends during the drain goes idle later: drop it then, not at the timeout.
          const sweepIdle = () => {
            if ('closeIdleConnections' in s) s.closeIdleConnections();
          };
          sweepIdle();
          const sweep = setInterval(sweepIdle, 50).unref();
          for (const ws of nodeWs?.wss.clients ?? []) ws.close(1001, 'server closing');
          const timeout = new Promise<'timeout'>((resolve) =>
            setTimeout(resolve, options.timeoutMs ?? 10_000, 'timeout').unref(),
          );
          try {
            if ((await Promise.race([closed, timeout])) === 'timeout' && 'closeAllConnections' in s) {
              s.closeAllConnections();
              await closed;
            }
          } finally {
            clearInterval(sweep);
          }
        }
        await built.tasks.drain();
      })();
      return closing;
    },
  };
}
