import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Backends, openBackends, type Service, startService } from './support/harness.js';
import { client } from './support/http.js';
import { repoUrl, sastConfig } from './support/sast-harness.js';

describe('POST /api/v1/projects/:name/publish on SQLite', () => {
  const ctx = {} as { b: Backends; svc: Service; upload: string; read: string; admin: string };
  beforeAll(async () => {
    ctx.b = await openBackends('sqlite');
    ctx.svc = await startService(ctx.b, { config: sastConfig(), worker: false });
    const acme = await ctx.b.store.tenants.getOrCreate('acme');
    const key = async (scopes: ('upload' | 'read' | 'admin')[]) =>
      (await ctx.b.store.apiKeys.create(acme.id, { name: scopes.join('+'), scopes })).key;
    ctx.upload = await key(['upload', 'read']);
    ctx.read = await key(['read']);
    ctx.admin = await key(['admin']);
  });
  afterAll(async () => {
    await ctx.svc?.close();
    await ctx.b?.cleanup();
  });

  it('answers 202 with a pending scan per configured provider, queued for the local worker', async () => {
    const http = client(ctx.svc.url, ctx.upload);
    const res = await http.postJson('/api/v1/projects/shop/publish', {
      repoUrl: repoUrl('shop'),
      ref: 'main',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.body).toMatchObject({ project: 'shop', repoUrl: repoUrl('shop'), ref: 'main', skipped: [] });
    expect(res.body.scans).toEqual([
      expect.objectContaining({
        provider: 'patterns',
        backend: 'local',
        status: 'pending',
        scanId: expect.any(String),
      }),
    ]);
    const scan = await http.get(`/api/v1/scans/${res.body.scans[0].scanId}`);
    expect(scan.status).toBe(200);
    expect(scan.body).toMatchObject({ project: 'shop', provider: 'patterns', status: 'pending' });
    const job = await http.get(`/api/v1/jobs/${res.body.scans[0].jobId}`);
    expect(job.body).toMatchObject({ type: 'sast-scan', status: 'queued' });
  });

  it('skips a provider whose scan is still pending, and says which scan', async () => {
    const http = client(ctx.svc.url, ctx.upload);
    const first = await http.postJson('/api/v1/projects/cart/publish', { repoUrl: repoUrl('cart') });
    expect(first.status).toBe(202);
    const again = await http.postJson('/api/v1/projects/cart/publish', { repoUrl: repoUrl('cart') });
    expect(again.status).toBe(202);
    expect(again.body.scans).toEqual([]);
    expect(again.body.skipped).toEqual([
      expect.objectContaining({
        provider: 'patterns',
        reason: 'pending',
        scanId: first.body.scans[0].scanId,
      }),
    ]);
  });

  it('refuses bad bodies with 400 naming the field, never 500', async () => {
    const http = client(ctx.svc.url, ctx.upload);
    const path = '/api/v1/projects/bad/publish';
    const missing = await http.postJson(path, { ref: 'main' });
    expect(missing.status).toBe(400);
    expect(missing.contentType).toMatch(/application\/problem\+json/);
    expect(missing.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ path: 'repoUrl' }] });
    const extra = await http.postJson(path, { repoUrl: repoUrl('bad'), branch: 'main' });
    expect(extra.status).toBe(400);
    const notJson = await http.post(path, '{"repoUrl":', { 'content-type': 'application/json' });
    expect(notJson.status).toBe(400);
    expect(notJson.body.code).toBe('VALIDATION_FAILED');
    const text = await http.post(path, 'repoUrl=x', { 'content-type': 'text/plain' });
    expect(text.status).toBe(415);
    const creds = await http.postJson(path, { repoUrl: 'https://user:pw@example.com/a.git' });
    expect(creds.status).toBe(400);
    expect(JSON.stringify(creds.body)).not.toContain('pw@');
    const noProviders = await http.postJson(path, { repoUrl: repoUrl('bad'), providers: [] });
    expect(noProviders.status).toBe(400);
    expect(noProviders.body.errors[0].path).toBe('providers');
  });

  it('refuses an unknown or unconfigured provider with 400 and dispatches nothing', async () => {
    const http = client(ctx.svc.url, ctx.upload);
    for (const provider of ['nosuchtool', 'semgrep']) {
      const res = await http.postJson('/api/v1/projects/lib/publish', {
        repoUrl: repoUrl('lib'),
        providers: [provider],
      });
      expect(res.status, provider).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.detail).toContain(provider);
    }
    expect((await http.get('/api/v1/scans?project=lib')).body.items).toEqual([]);
  });

  it('needs an API key with the upload scope (the alias: admin)', async () => {
    const body = { repoUrl: repoUrl('auth') };
    const anonymous = await client(ctx.svc.url).postJson('/api/v1/projects/auth/publish', body);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.code).toBe('UNAUTHORIZED');
    const readOnly = await client(ctx.svc.url, ctx.read).postJson('/api/v1/projects/auth/publish', body);
    expect(readOnly.status).toBe(403);
    const upload = client(ctx.svc.url, ctx.upload);
    const alias = await upload.postJson('/api/v1/admin/skills/publish', { name: 'auth', ...body });
    expect(alias.status).toBe(403);
    expect(alias.body.code).toBe('FORBIDDEN');
  });

  it("takes the seed's body on POST /api/v1/admin/skills/publish", async () => {
    const http = client(ctx.svc.url, ctx.admin);
    const res = await http.postJson('/api/v1/admin/skills/publish', {
      skill_name: 'pdf-reader',
      repo_url: repoUrl('pdf-reader'),
      description: 'reads PDFs',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.body).toMatchObject({ project: 'pdf-reader', repoUrl: repoUrl('pdf-reader') });
    expect(res.body.scans).toHaveLength(1);
    const camel = await http.postJson('/api/v1/admin/skills/publish', {
      skillName: 'csv-tool',
      repoUrl: repoUrl('csv-tool'),
      providers: ['patterns'],
    });
    expect(camel.status).toBe(202);
    expect(camel.body.project).toBe('csv-tool');
    const scans = await http.get('/api/v1/scans?project=pdf-reader');
    expect(scans.body.items.map((s: { provider: string }) => s.provider)).toEqual(['patterns']);
  });

  it('refuses an alias body without a name, or with names that disagree', async () => {
    const http = client(ctx.svc.url, ctx.admin);
    const none = await http.postJson('/api/v1/admin/skills/publish', { repo_url: repoUrl('x') });
    expect(none.status).toBe(400);
    expect(none.body.errors).toEqual([expect.objectContaining({ path: 'name' })]);
    const two = await http.postJson('/api/v1/admin/skills/publish', {
      name: 'a',
      skill_name: 'b',
      repoUrl: repoUrl('a'),
    });
    expect(two.status).toBe(400);
    expect(two.body.errors[0]).toMatchObject({
      path: 'skill_name',
      message: expect.stringMatching(/disagree/),
    });
    const noRepo = await http.postJson('/api/v1/admin/skills/publish', { name: 'a' });
    expect(noRepo.status).toBe(400);
    expect(noRepo.body.errors[0].path).toBe('repoUrl');
  });
});

describe('the SAST dispatch rate limit', () => {
  const ctx = {} as { b: Backends; svc: Service; key: string };
  beforeAll(async () => {
    ctx.b = await openBackends('sqlite');
    ctx.svc = await startService(ctx.b, { config: sastConfig({ dispatchesPerHour: 3 }), worker: false });
    const acme = await ctx.b.store.tenants.getOrCreate('acme');
    ctx.key = (await ctx.b.store.apiKeys.create(acme.id, { name: 'ci', scopes: ['upload', 'read'] })).key;
  });
  afterAll(async () => {
    await ctx.svc?.close();
    await ctx.b?.cleanup();
  });

  it('answers 429 with Retry-After past the hourly budget, and dispatches nothing', async () => {
    for (const name of ['one', 'two', 'three']) {
      const res = await client(ctx.svc.url, ctx.key).postJson(`/api/v1/projects/${name}/publish`, {
        repoUrl: repoUrl(name),
      });
      expect(res.status, name).toBe(202);
    }
    const res = await fetch(`${ctx.svc.url}/api/v1/projects/four/publish`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ctx.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ repoUrl: repoUrl('four') }),
    });
    expect(res.status).toBe(429);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const retryAfter = Number(res.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(await res.json()).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
    const scans = await client(ctx.svc.url, ctx.key).get('/api/v1/scans?project=four');
    expect(scans.body.items).toEqual([]);
  });
});
