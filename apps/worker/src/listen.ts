import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Starts `server` on host and port (port 0: any free one); its URL and port once it listens. */
export function listen(
  server: Server,
  port: number,
  host = '127.0.0.1',
): Promise<{ url: string; port: number }> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const info = server.address() as AddressInfo;
      const name = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      resolve({ url: `http://${name}:${info.port}`, port: info.port });
    });
  });
}

/** Stops listening and ends every open connection. */
export function closeServer(server: Server): Promise<void> {
  return new Promise<void>((done) => {
    server.close(() => done());
    server.closeAllConnections();
  });
}
