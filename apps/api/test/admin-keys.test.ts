import path from 'node:path';
import { createSqliteQueue } from '@scanrelay/queue';
import { createStore } from '@scanrelay/storage';
import { makeTempDir } from '@scanrelay/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/index.js';

describe('admin key routes', () => {
  const tmp = makeTempDir('scanrelay-admin-keys-');
  const ctx = {} as {
    app: ReturnType<typeof buildApp>['app'];
    close(): Promise<void>;
    adminA: string;
    ciA: { id: string; key: string; prefix: string };
    adminB: string;
    ciB: { id: string };
  };

  beforeAll(async () => {
    const store = await createStore(`file:${path.join(tmp.dir, 'scanrelay.db')}`);
    const queue = createSqliteQueue({ database: path.join(tmp.dir, 'queue.db') });
    ctx.app = buildApp({ store, queue, config: { dataDir: tmp.dir } }).app;
    ctx.close = async () => {
      await queue.close();
      await store.close();
    };
    const a = await store.tenants.getOrCreate('acme');
    const b = await store.tenants.getOrCreate('other');
    ctx.adminA = (await store.apiKeys.create(a.id, { name: 'ops', scopes: ['admin'] })).key;
    const ci = await store.apiKeys.create(a.id, { name: 'ci', scopes: ['upload', 'read'] });
    ctx.ciA = { id: ci.apiKey.id, key: ci.key, prefix: ci.apiKey.prefix };
    ctx.adminB = (await store.apiKeys.create(b.id, { name: 'ops', scopes: ['admin'] })).key;
    ctx.ciB = { id: (await store.apiKeys.create(b.id, { name: 'ci', scopes: ['read'] })).apiKey.id };
  });
  afterAll(async () => {
    await ctx.close?.();
    tmp.cleanup();
  });

  const call = (method: string, url: string, key: string) =>
    ctx.app.request(url, { method, headers: { authorization: `Bearer ${key}` } });

  it("lists the caller's tenant's keys without the keys or their hashes", async () => {
    const res = await call('GET', '/api/v1/admin/keys', ctx.adminA);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { items: Record<string, unknown>[] };
    expect(body.items.map((k) => k.name)).toEqual(['ops', 'ci']);
    expect(body.items[1]).toEqual({
      id: ctx.ciA.id,
      name: 'ci',
      prefix: ctx.ciA.prefix,
      scopes: ['upload', 'read'],
      createdAt: expect.any(String),
      lastUsedAt: null,
      revokedAt: null,
    });
    expect(body.items[0]?.lastUsedAt).toEqual(expect.any(String));
    const text = JSON.stringify(body);
    expect(text).not.toContain(ctx.ciA.key);
    expect(text).not.toMatch(/hash/i);
    expect(text).not.toContain(ctx.ciB.id);
  });

  it('needs the admin scope', async () => {
    expect((await call('GET', '/api/v1/admin/keys', ctx.ciA.key)).status).toBe(403);
    expect((await ctx.app.request('/api/v1/admin/keys')).status).toBe(401);
  });

  it("answers 404 for another tenant's key and leaves it working", async () => {
    const res = await call('DELETE', `/api/v1/admin/keys/${ctx.ciB.id}`, ctx.adminA);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 'NOT_FOUND' });
    const listB = (await (await call('GET', '/api/v1/admin/keys', ctx.adminB)).json()) as {
      items: { id: string; revokedAt: string | null }[];
    };
    expect(listB.items.find((k) => k.id === ctx.ciB.id)?.revokedAt).toBeNull();
  });

  it('revokes a key: it answers 401 from the next request on, and a second revoke is harmless', async () => {
    expect((await call('GET', '/api/v1/jobs', ctx.ciA.key)).status).toBe(200);
    const res = await call('DELETE', `/api/v1/admin/keys/${ctx.ciA.id}`, ctx.adminA);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: ctx.ciA.id, revokedAt: expect.any(String) });
    const refused = await call('GET', '/api/v1/jobs', ctx.ciA.key);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ code: 'UNAUTHORIZED' });
    expect((await call('DELETE', `/api/v1/admin/keys/${ctx.ciA.id}`, ctx.adminA)).status).toBe(200);
  });
});
