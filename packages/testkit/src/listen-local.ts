import { type ServerType, serve } from '@hono/node-server';

/** A fake server listening on 127.0.0.1. */
export interface LocalServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Stops accepting, drops open connections, and resolves once the server is closed. */
  close(): Promise<void>;
}

/** Serves `fetch` on 127.0.0.1 (port 0 by default: any free port). */
export async function listenLocal(
  fetch: (req: Request) => Response | Promise<Response>,
  port = 0,
): Promise<LocalServer> {
  const { server, actual } = await new Promise<{ server: ServerType; actual: number }>((resolve) => {
    const s = serve({ fetch, hostname: '127.0.0.1', port }, (info) =>
      resolve({ server: s, actual: info.port }),
    );
  });
  return {
    url: `http://127.0.0.1:${actual}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}
