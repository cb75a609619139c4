import type { LookupAddress } from 'node:dns';
import http, { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutboundLookup, isOutboundError, OutboundError, resolveOutboundUrl } from '../src/index.js';

/** A resolver that answers from a table, as a hostile DNS server could. */
const fakeDns =
  (table: Record<string, string[]>) =>
  async (hostname: string): Promise<LookupAddress[]> => {
    const list = table[hostname];
    if (!list) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return list.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

describe('resolveOutboundUrl', () => {
  const lookup = fakeDns({
    'public.example': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
    'metadata.example': ['169.254.169.254'],
    'mixed.example': ['93.184.215.14', '10.0.0.7'],
    'v6loop.example': ['::1'],
  });

  it('returns every checked address of a public name', async () => {
    const r = await resolveOutboundUrl('https://public.example/hook', {}, { lookup });
    expect(r.url.href).toBe('https://public.example/hook');
    expect(r.addresses.map((a) => a.address)).toEqual([
      '93.184.215.14',
      '2606:2800:21f:cb07:6820:80da:af6b:8b2c',
    ]);
  });

  it('refuses a name when any of its addresses is private, naming the address', async () => {
    for (const [host, address] of [
      ['metadata.example', '169.254.169.254'],
      ['mixed.example', '10.0.0.7'],
      ['v6loop.example', '::1'],
    ]) {
      const err = await resolveOutboundUrl(`https://${host}/`, {}, { lookup }).catch((e: unknown) => e);
      expect(isOutboundError(err), host).toBe(true);
      expect(err).toMatchObject({ code: 'private_address', address });
      expect((err as Error).message).toBe(
        `@scanrelay/outbound: ${host} resolves to ${address}, a private or special address`,
      );
    }
    const allowed = await resolveOutboundUrl(
      'https://mixed.example/',
      { allowPrivateUrls: true },
      { lookup },
    );
    expect(allowed.addresses).toHaveLength(2);
  });

  it('refuses literals without DNS, and names it cannot resolve', async () => {
    await expect(resolveOutboundUrl('https://0x7f000001/', {}, { lookup })).rejects.toMatchObject({
      code: 'private_address',
    });
    await expect(resolveOutboundUrl('http://public.example/', {}, { lookup })).rejects.toMatchObject({
      code: 'scheme_not_allowed',
    });
    await expect(resolveOutboundUrl('https://nowhere.example/', {}, { lookup })).rejects.toMatchObject({
      code: 'unresolvable',
      detail: 'cannot resolve nowhere.example: ENOTFOUND',
    });
    const literal = await resolveOutboundUrl('https://127.0.0.1:9/', { allowPrivateUrls: true }, { lookup });
    expect(literal.addresses).toEqual([{ address: '127.0.0.1', family: 4 }]);
  });

  it('resolves through the system resolver by default (localhost is refused by name first)', async () => {
    await expect(resolveOutboundUrl('https://localhost/')).rejects.toMatchObject({ code: 'private_address' });
  });
});

describe('createOutboundLookup (checked at connect time)', () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    server = createServer((_req, res) => res.end('reached'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** GET through an agent that uses the lookup; resolves with the body or the error. */
  function get(host: string, lookup: ReturnType<typeof createOutboundLookup>): Promise<string | Error> {
    const agent = new http.Agent({ lookup } as http.AgentOptions);
    return new Promise((resolve) => {
      http
        .get({ host, port, path: '/', agent }, (res) => {
          let body = '';
          res.on('data', (d) => {
            body += d;
          });
          res.on('end', () => resolve(body));
        })
        .on('error', resolve)
        .on('close', () => agent.destroy());
    });
  }

  // A name that resolves to a public address when checked and to loopback when connecting (DNS
  // rebinding): the connection uses this lookup's answer, so it is the one checked.
  const rebinding = (_h: string, _o: object, cb: (e: null, a: LookupAddress[]) => void) =>
    cb(null, [{ address: '127.0.0.1', family: 4 }]);

  it('refuses to connect to a private address', async () => {
    const result = await get('rebind.example', createOutboundLookup({}, rebinding));
    expect(result).toBeInstanceOf(OutboundError);
    expect(result).toMatchObject({ code: 'private_address', address: '127.0.0.1' });
  });

  it('connects when the operator allows private addresses, also through the system resolver', async () => {
    expect(await get('rebind.example', createOutboundLookup({ allowPrivateUrls: true }, rebinding))).toBe(
      'reached',
    );
    expect(await get('localhost', createOutboundLookup({ allowPrivateUrls: true }))).toBe('reached');
    expect(await get('localhost', createOutboundLookup())).toMatchObject({ code: 'private_address' });
  });
});
