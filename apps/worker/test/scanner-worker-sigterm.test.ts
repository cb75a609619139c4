import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signRequest, verify } from '@scanrelay/hmac-webhooks';
import type { SastResult } from '@scanrelay/sast-runners';
import { spawnCli, waitFor } from '@scanrelay/test-utils';
import { describe, expect, it } from 'vitest';

const SECRET = 'whsec_scanner-worker-sigterm-secret';

async function listen(handler: (req: IncomingMessage, body: Buffer) => number | undefined) {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const status = handler(req, Buffer.concat(chunks));
    if (status !== undefined) res.writeHead(status).end();
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

describe('scanrelay scanner-worker', () => {
  it('on SIGTERM reports a scan still running as failed to its callback, then exits 0', async () => {
    // A git server that never answers: the checkout is still running when the worker is told to stop.
    const gitRequests: string[] = [];
    const git = await listen((req) => {
      gitRequests.push(req.url ?? '');
      return undefined;
    });
    const results: SastResult[] = [];
    const receiver = await listen((req, body) => {
      const checked = { body, headers: req.headers };
      void verify({ scheme: 'scanrelay', secret: SECRET, ...checked }).then((r) => {
        if (r.ok) results.push(JSON.parse(body.toString('utf8')) as SastResult);
      });
      return 204;
    });
    const { child, done } = spawnCli(['scanner-worker', '--port', '0', '--grace-seconds', '0'], {
      env: { SCANRELAY_SCANNER_SECRET: SECRET, SCANRELAY_ALLOW_PRIVATE_URLS: 'true' },
    });
    try {
      let out = '';
      const collect = (d: Buffer) => {
        out += d.toString();
      };
      child.stdout?.on('data', collect);
      child.stderr?.on('data', collect);
      child.once('exit', () => {
        out += '(exited)';
      });
      const url = await waitFor(
        'the worker to listen',
        () => /scanner worker on (http:\/\/\S+)/.exec(out)?.[1],
      );
      const health = await (await fetch(`${url}/health`)).json();
      expect(health).toEqual({ status: 'ok', activeScans: 0, maxConcurrent: 3 });

      const signed = signRequest({
        secret: SECRET,
        body: {
          repoUrl: `${git.url}/acme/widget.git`,
          project: 'acme/widget',
          provider: 'patterns',
          callbackUrl: `${receiver.url}/results`,
          scanId: 'scan-sigterm',
        },
      });
      const res = await fetch(`${url}/scan`, { method: 'POST', headers: signed.headers, body: signed.body });
      expect(res.status).toBe(202);
      await waitFor('git to ask the repository', () => gitRequests.length > 0);

      child.kill('SIGTERM');
      const exit = await done;
      expect(exit.code).toBe(0);
      expect(exit.stdout).toContain('SIGTERM: finishing 1 running scan(s)');
      expect(exit.stdout).toContain('scan scan-sigterm failed, result delivered');
      await waitFor('the failed result', () => results.length === 1);
      expect(results[0]).toMatchObject({
        scanId: 'scan-sigterm',
        project: 'acme/widget',
        provider: 'patterns',
        status: 'failed',
        verdict: 'fail',
      });
      expect(results[0]?.error).toBeTruthy();
      expect(results[0]?.commitSha).toBeUndefined();
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await git.close();
      await receiver.close();
    }
  });
});
