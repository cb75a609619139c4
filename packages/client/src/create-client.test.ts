import { describe, expect, it } from 'vitest';
import { ClientError, isClientError } from './client-error.js';
import { createScanrelayClient } from './create-client.js';

const problem = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/problem+json' } });

describe('createScanrelayClient', () => {
  it('refuses base URLs with credentials or another scheme', () => {
    expect(() => createScanrelayClient({ baseUrl: 'http://u:p@host' })).toThrow(/credentials do not belong/);
    expect(() => createScanrelayClient({ baseUrl: 'file:///etc' })).toThrow(/http or https/);
    expect(() => createScanrelayClient({ baseUrl: 'not a url' })).toThrow(/absolute/);
  });

  it('turns a problem+json answer into ClientError with the code and field errors, without the key', async () => {
    const client = createScanrelayClient({
      baseUrl: 'http://api.test',
      apiKey: 'sr_secretkey123',
      retries: 0,
      fetch: async () =>
        problem(404, { title: 'Not Found', status: 404, code: 'JOB_NOT_FOUND', detail: 'no job j1' }),
    });
    const err = await client.getJob('j1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClientError);
    expect(isClientError(err)).toBe(true);
    expect(err).toMatchObject({ code: 'JOB_NOT_FOUND', status: 404, detail: 'no job j1' });
    expect(String((err as Error).message)).not.toContain('sr_secretkey123');
  });

  it('sends the key as a bearer token and validates the answer', async () => {
    let auth: string | null = null;
    const client = createScanrelayClient({
      baseUrl: 'http://api.test/',
      apiKey: 'sr_k',
      fetch: async (input) => {
        auth = (input as Request).headers.get('authorization');
        return Response.json({
          id: 'j1',
          type: 'process-upload',
          status: 'weird',
          progress: 0,
          createdAt: 'x',
        });
      },
    });
    const err = await client.getJob('j1').catch((e: unknown) => e);
    expect(auth).toBe('Bearer sr_k');
    expect(err).toMatchObject({ code: 'invalid_response' });
    expect(String((err as Error).message)).toMatch(/status/);
  });

  it('follows cursor pages until the last one', async () => {
    const finding = (id: string) => ({
      id,
      fingerprint: 'f'.repeat(64),
      tool: 'trivy',
      scanner: 'trivy',
      ruleId: 'CVE-1',
      severity: 'high',
      status: 'open',
      occurrences: 1,
      firstSeenAt: 'a',
      lastSeenAt: 'b',
      firstScanId: 's1',
      lastScanId: 's1',
      finding: {
        id: '5b3c1f2e-8a9d-4c7b-9e1f-2a3b4c5d6e7f',
        fingerprint: 'f'.repeat(64),
        tool: { id: 'trivy', name: 'Trivy' },
        ruleId: 'CVE-1',
        name: 'x',
        severity: 'high',
        category: 'Vulnerability',
        cwe: [],
        cve: [],
        references: [],
        occurrences: 1,
        attributes: {},
      },
    });
    const seen: string[] = [];
    const client = createScanrelayClient({
      baseUrl: 'http://api.test',
      apiKey: 'k',
      fetch: async (input) => {
        const u = new URL((input as Request).url);
        seen.push(u.searchParams.get('cursor') ?? '-');
        return u.searchParams.get('cursor') === 'c2'
          ? Response.json({ items: [finding('b')] })
          : Response.json({ items: [finding('a')], nextCursor: 'c2' });
      },
    });
    const ids = [];
    for await (const f of client.projectFindings('shop', { severity: ['high', 'critical'] })) ids.push(f.id);
    expect(ids).toEqual(['a', 'b']);
    expect(seen).toEqual(['-', 'c2']);
  });
});
