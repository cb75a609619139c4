import { createWriteStream } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

/**
 * The in-run baseline: a bare `node:http` server on the same machine. `POST /hook` reads the body and
 * answers 202; `POST /upload` streams the body to a file in `dir` and answers 202. No parsing, no
 * authentication, no storage: the ceiling of the HTTP path alone.
 */
export async function startBaseline(dir: string): Promise<{ url: string; close(): Promise<void> }> {
  let n = 0;
  const server = http.createServer((req, res) => {
    const done = () => {
      res.writeHead(202, { 'content-type': 'application/json' });
      res.end('{"accepted":true}');
    };
    if (req.url === '/upload') {
      pipeline(req, createWriteStream(path.join(dir, `baseline-${n++}.upload`))).then(done, () =>
        res.destroy(),
      );
    } else {
      req.resume();
      req.on('end', done);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
