import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createInvictiClient, InvictiHttpError, isInvictiError } from '../src/index.js';
import { caught, TRANSPORTS } from './support.js';

const STATUS = { State: 'Complete', CompletedSteps: 10, EstimatedSteps: 10, EstimatedLaunchTime: null };

interface Loopback {
  url: string;
  seen: IncomingMessage[];
}

describe.each(TRANSPORTS)('over %s', (transport) => {
  describe('redirects', () => {
    const servers: Server[] = [];
    afterEach(async () => {
      await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
    });

    /** A real HTTP server on 127.0.0.1 and a free port that answers with `answer(path)`. */
    async function serve(
      answer: (path: string) => { status: number; location?: string; body?: unknown },
    ): Promise<Loopback> {
      const seen: IncomingMessage[] = [];
      const server = createServer((req, res) => {
        seen.push(req);
        const a = answer(req.url ?? '/');
        res.writeHead(a.status, {
          'content-type': 'application/json',
          ...(a.location ? { location: a.location } : {}),
        });
        res.end(JSON.stringify(a.body ?? {}));
      });
      servers.push(server);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
    }

    const client = (baseUrl: string) =>
      createInvictiClient({ baseUrl, userId: 'u-1', apiToken: 'tok-SECRET', retry: { limit: 0 }, transport });

    it('refuses a redirect to another port, never sending the credentials there', async () => {
      const other = await serve(() => ({ status: 200, body: STATUS }));
      const invicti = await serve((p) => ({ status: 302, location: `${other.url}${p}?token=abc` }));
      const err = await caught(client(invicti.url).getScanStatus('scan-1'));
      expect(isInvictiError(err)).toBe(true);
      expect(err).toBeInstanceOf(InvictiHttpError);
      expect(err).toMatchObject({ code: 'redirect_refused', status: 302, retryable: false });
      expect((err as Error).message).toContain(`a redirect to another origin (${other.url}) is refused`);
      expect((err as Error).message).not.toContain('token=abc');
      expect(invicti.seen).toHaveLength(1);
      expect(other.seen).toHaveLength(0);
    });

    it('refuses a redirect to another scheme on the same host', async () => {
      const invicti = await serve((p) => ({ status: 301, location: `https://127.0.0.1${p}` }));
      expect(await caught(client(invicti.url).getScanStatus('scan-1'))).toMatchObject({
        code: 'redirect_refused',
        status: 301,
      });
    });

    it('follows a GET redirect on the same origin, and stops a loop', async () => {
      const invicti = await serve((p) =>
        p.includes('/old')
          ? { status: 307, location: p.replace('/old', '/new') }
          : p.includes('/loop')
            ? { status: 302, location: p }
            : { status: 200, body: STATUS },
      );
      const status = await client(invicti.url).getScanStatus('old');
      expect(status.State).toBe('Complete');
      expect(invicti.seen.map((r) => r.url)).toEqual([
        '/api/1.0/scans/status/old',
        '/api/1.0/scans/status/new',
      ]);
      expect(invicti.seen[1]?.headers.authorization).toMatch(/^Basic /);
      expect(await caught(client(invicti.url).getScanStatus('loop'))).toMatchObject({
        code: 'redirect_refused',
        detail: expect.stringMatching(/more than 5 redirects/),
      });
    });

    it('does not follow a redirect of a launch (a POST)', async () => {
      const invicti = await serve((p) => ({ status: 307, location: `${p}-again` }));
      const err = await caught(client(invicti.url).launchScan({ targetUri: 'https://shop.example.com/' }));
      expect(err).toMatchObject({ code: 'redirect_refused', status: 307 });
      expect(invicti.seen).toHaveLength(1);
    });
  });
});
