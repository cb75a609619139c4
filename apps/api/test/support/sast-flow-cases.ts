import { createHash, createHmac, generateKeyPairSync, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Backend, type Backends, openBackends, type Service, startService } from './harness.js';
import { client } from './http.js';
import {
  CALLBACK_SECRET,
  commit,
  postResult,
  repoUrl,
  sastConfig,
  sastResult,
  signedResult,
} from './sast-harness.js';

const RESULT_CAP = 64 * 1024;

/**
 * Results, the security view, the blocklist and the attestation keys over real HTTP on `backend`:
 * the test plays the runner, posting signed results for the scans publish dispatched.
 */
export function defineSastFlowSuite(backend: Backend): void {
  const { publicKey } = generateKeyPairSync('ed25519');
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const keyId = `sha256:${createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')}`;
  const ctx = {} as { b: Backends; svc: Service; upload: string; read: string; admin: string; other: string };

  beforeAll(async () => {
    ctx.b = await openBackends(backend);
    ctx.svc = await startService(ctx.b, {
      config: sastConfig({ attestationKeys: [publicPem] }, { scanResultBytes: RESULT_CAP }),
      worker: false,
    });
    const acme = await ctx.b.store.tenants.getOrCreate('acme');
    const other = await ctx.b.store.tenants.getOrCreate('other');
    ctx.upload = (await ctx.b.store.apiKeys.create(acme.id, { name: 'ci', scopes: ['upload', 'read'] })).key;
    ctx.read = (await ctx.b.store.apiKeys.create(acme.id, { name: 'dash', scopes: ['read'] })).key;
    ctx.admin = (await ctx.b.store.apiKeys.create(acme.id, { name: 'ops', scopes: ['admin'] })).key;
    ctx.other = (await ctx.b.store.apiKeys.create(other.id, { name: 'ops', scopes: ['admin'] })).key;
  });
  afterAll(async () => {
    await ctx.svc?.close();
    await ctx.b?.cleanup();
  });

  /** Publishes `project` and answers its one `patterns` scan as a runner would address it. */
  async function publish(project: string) {
    const res = await client(ctx.svc.url, ctx.upload).postJson(`/api/v1/projects/${project}/publish`, {
      repoUrl: repoUrl(project),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    return { scanId: res.body.scans[0].scanId as string, project, repoUrl: repoUrl(project) };
  }

  it('records a signed result: 200, then the security view shows it and the project is blocklisted', async () => {
    const scan = await publish('shop');
    const sha = commit();
    const res = await postResult(
      ctx.svc.url,
      signedResult(sastResult(scan, { counts: { critical: 2, high: 1 }, commitSha: sha })),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      accepted: true,
      scanId: scan.scanId,
      project: 'shop',
      provider: 'patterns',
      status: 'completed',
      verdict: 'fail',
      counts: { critical: 2, high: 1 },
      late: false,
      current: true,
      blocked: true,
    });

    const security = await client(ctx.svc.url, ctx.read).get('/api/v1/projects/shop/security');
    expect(security.status).toBe(200);
    expect(security.body).toMatchObject({ project: 'shop', verdict: 'fail', blocked: true });
    expect(security.body.counts).toMatchObject({ critical: 2, high: 1 });
    expect(security.body.providers).toEqual([
      expect.objectContaining({
        provider: 'patterns',
        status: 'completed',
        verdict: 'fail',
        commitSha: sha,
        resultScanId: scan.scanId,
        attested: false,
      }),
    ]);
    expect(security.body.findings[0]).toMatchObject({ severity: 'critical' });
    expect(security.body.findings[0].items).toHaveLength(2);
    expect(security.body.blocklist[0]).toMatchObject({
      threatType: 'external-sast',
      severity: 'critical',
      reason: 'patterns found 2 critical findings',
      discoveredBy: 'external-scan',
    });
    expect(security.body.pagePath).toContain('/projects/shop/security');
  });

  it('refuses a forged signature (401), a replay (409) and a stale timestamp (401)', async () => {
    const scan = await publish('forged');
    const body = sastResult(scan, { counts: { low: 1 } });
    const forged = await postResult(
      ctx.svc.url,
      signedResult(body, { secret: 'not_the_secret_0123456789abcdef' }),
    );
    expect(forged.status).toBe(401);
    expect(forged.body.code).toBe('UNAUTHORIZED');
    const unsigned = await postResult(ctx.svc.url, {
      body: Buffer.from(JSON.stringify(body)),
      headers: { 'content-type': 'application/json' },
    });
    expect(unsigned.status).toBe(401);
    const stale = await postResult(
      ctx.svc.url,
      signedResult(body, { timestamp: Math.floor(Date.now() / 1000) - 3600 }),
    );
    expect(stale.status).toBe(401);

    const delivery = signedResult(body);
    expect((await postResult(ctx.svc.url, delivery)).status).toBe(200);
    const replay = await postResult(ctx.svc.url, delivery);
    expect(replay.status).toBe(409);
    expect(replay.body.code).toBe('REPLAYED');
  });

  it("accepts the seed's bare x-webhook-signature (hex HMAC of the body) once per scan and body", async () => {
    const scan = await publish('seedsig');
    const body = Buffer.from(JSON.stringify(sastResult(scan, { counts: { medium: 1 } })));
    const hex = createHmac('sha256', CALLBACK_SECRET).update(body).digest('hex');
    const delivery = { body, headers: { 'content-type': 'application/json', 'x-webhook-signature': hex } };
    const res = await postResult(ctx.svc.url, delivery);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ scanId: scan.scanId, verdict: 'pass', blocked: false });
    const again = await postResult(ctx.svc.url, delivery);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('REPLAYED');
    const wrong = await postResult(ctx.svc.url, {
      ...delivery,
      headers: { ...delivery.headers, 'x-webhook-signature': '0'.repeat(64) },
    });
    expect(wrong.status).toBe(401);
  });

  it('refuses bodies that are not a result: not JSON, a non-hex commit, over the size cap (never 500)', async () => {
    const scan = await publish('bodies');
    const notJson = await postResult(ctx.svc.url, signedResult('{"scanId": ', {}));
    expect(notJson.status).toBe(400);
    expect(notJson.body.code).toBe('VALIDATION_FAILED');
    const badSha = await postResult(ctx.svc.url, signedResult({ ...sastResult(scan), commitSha: 'HEAD' }));
    expect(badSha.status).toBe(400);
    expect(badSha.body.errors[0].path).toBe('commitSha');
    const big = { ...sastResult(scan), error: 'x'.repeat(RESULT_CAP) };
    const tooLarge = await postResult(ctx.svc.url, signedResult(big));
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.code).toBe('PAYLOAD_TOO_LARGE');
    // None of them was recorded: the scan still waits for its result.
    expect((await client(ctx.svc.url, ctx.read).get(`/api/v1/scans/${scan.scanId}`)).body.status).toBe(
      'pending',
    );
  });

  it('refuses a result for a scan never dispatched (404) or for another project (409)', async () => {
    const scan = await publish('owner');
    const unknown = await postResult(
      ctx.svc.url,
      signedResult(sastResult({ ...scan, scanId: randomUUID() })),
    );
    expect(unknown.status).toBe(404);
    const cross = await postResult(ctx.svc.url, signedResult(sastResult({ ...scan, project: 'shop' })));
    expect(cross.status).toBe(409);
    expect(cross.body.code).toBe('CONFLICT');
  });

  it('refuses a result whose attestation does not verify (401)', async () => {
    const scan = await publish('attested');
    const attestation = {
      payloadType: 'application/vnd.in-toto+json',
      payload: Buffer.from('{}').toString('base64'),
      signatures: [{ keyid: keyId, sig: Buffer.alloc(64, 7).toString('base64') }],
    };
    const res = await postResult(ctx.svc.url, signedResult({ ...sastResult(scan), attestation }));
    expect(res.status).toBe(401);
  });

  it('lists and reads the blocklist per tenant; an admin lifts it; another tenant sees 404', async () => {
    const read = client(ctx.svc.url, ctx.read);
    const list = await read.get('/api/v1/blocklist');
    expect(list.status).toBe(200);
    expect(list.body.items.map((e: { project: string }) => e.project)).toEqual(['shop']);
    const entry = await read.get('/api/v1/blocklist/shop');
    expect(entry.body).toMatchObject({ project: 'shop', blocked: true });
    expect(entry.body.entries).toHaveLength(1);

    const other = client(ctx.svc.url, ctx.other);
    expect((await other.get('/api/v1/blocklist')).body.items).toEqual([]);
    expect((await other.get('/api/v1/blocklist/shop')).status).toBe(404);
    expect((await other.get('/api/v1/projects/shop/security')).status).toBe(404);
    const foreignLift = await fetch(`${ctx.svc.url}/api/v1/blocklist/shop`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${ctx.other}` },
    });
    expect(foreignLift.status).toBe(404);
    const readLift = await fetch(`${ctx.svc.url}/api/v1/blocklist/shop`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${ctx.read}` },
    });
    expect(readLift.status).toBe(403);
    expect((await read.get('/api/v1/blocklist/shop')).body.blocked).toBe(true);

    const lift = await fetch(`${ctx.svc.url}/api/v1/blocklist/shop`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${ctx.admin}` },
    });
    expect(lift.status).toBe(200);
    expect(await lift.json()).toEqual({ project: 'shop', lifted: 1 });
    expect((await read.get('/api/v1/blocklist/shop')).body).toMatchObject({ blocked: false, entries: [] });
    expect((await read.get('/api/v1/blocklist')).body.items).toEqual([]);
    expect((await read.get('/api/v1/projects/shop/security')).body.blocked).toBe(false);
  });

  it('lifts an automatic entry when the same provider reports a clean newer commit', async () => {
    const first = await publish('clean');
    const dirty = await postResult(ctx.svc.url, signedResult(sastResult(first, { counts: { critical: 1 } })));
    expect(dirty.body.blocked).toBe(true);
    const second = await publish('clean');
    expect(second.scanId).not.toBe(first.scanId);
    const clean = await postResult(ctx.svc.url, signedResult(sastResult(second, { counts: { low: 2 } })));
    expect(clean.status).toBe(200);
    expect(clean.body).toMatchObject({ verdict: 'pass', blocked: false, current: true });
    expect((await client(ctx.svc.url, ctx.read).get('/api/v1/blocklist/clean')).body.blocked).toBe(false);
  });

  it('publishes the configured attestation key without authentication', async () => {
    const res = await client(ctx.svc.url).get('/api/v1/attestation-keys');
    expect(res.status).toBe(200);
    expect(res.body.keys).toContainEqual({ keyId, algorithm: 'ed25519', publicKey: publicPem });
  });

  it('documents every SAST route in the OpenAPI document', async () => {
    const doc = await client(ctx.svc.url).get('/openapi.json');
    for (const path of [
      '/api/v1/projects/{name}/publish',
      '/api/v1/admin/skills/publish',
      '/api/v1/webhooks/scan-results',
      '/api/v1/projects/{name}/security',
      '/api/v1/blocklist',
      '/api/v1/blocklist/{name}',
      '/api/v1/attestation-keys',
    ])
      expect(Object.keys(doc.body.paths), path).toContain(path);
    expect(doc.body.paths['/api/v1/blocklist/{name}'].delete).toBeDefined();
  });
}
