import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../src/index.js';
import { backends } from './backends.js';

const HOUR = 3_600_000;

for (const backend of backends) {
  describe.runIf(backend.enabled)(`dashboard sessions on ${backend.name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    let query: (sql: string) => Promise<Record<string, unknown>[]>;
    beforeAll(async () => {
      ({ store, cleanup, query } = await backend.open());
    });
    afterAll(() => cleanup?.());

    it('creates a session for an API key, stores only the token’s hash, and reads it back until it expires', async () => {
      const t = await store.tenants.getOrCreate('dash');
      const { apiKey } = await store.apiKeys.create(t.id, { name: 'laptop', scopes: ['read', 'triage'] });
      const now = new Date('2026-05-01T12:00:00.000Z');
      const { token, expiresAt } = await store.sessions.create({
        tenantId: t.id,
        apiKeyId: apiKey.id,
        ttlMs: 8 * HOUR,
        now,
      });
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(expiresAt).toBe('2026-05-01T20:00:00.000Z');
      const rows = await query('SELECT token_hash FROM dashboard_sessions');
      expect(JSON.stringify(rows)).not.toContain(token);
      expect(rows).toHaveLength(1);

      const s = await store.sessions.get(token, new Date('2026-05-01T19:59:59.000Z'));
      expect(s?.tenant.name).toBe('dash');
      expect(s?.apiKey.id).toBe(apiKey.id);
      expect(s?.apiKey).not.toHaveProperty('keyHash');
      expect(s?.scopes).toEqual(['read', 'triage']);
      expect(s?.expiresAt).toBe('2026-05-01T20:00:00.000Z');
      // expired, unknown, malformed
      expect(await store.sessions.get(token, new Date('2026-05-01T20:00:00.000Z'))).toBeUndefined();
      expect(
        await store.sessions.get(`${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`, now),
      ).toBeUndefined();
      for (const bad of ['', 'short', `${token}x`, 'x'.repeat(10_000), '../../etc', 42 as unknown as string])
        expect(await store.sessions.get(bad, now)).toBeUndefined();
    });

    it('ends a session on sign-out and when its API key is revoked', async () => {
      const t = await store.tenants.getOrCreate('dash-2');
      const { apiKey } = await store.apiKeys.create(t.id, { name: 'k', scopes: ['read'] });
      const a = await store.sessions.create({ tenantId: t.id, apiKeyId: apiKey.id, ttlMs: HOUR });
      const b = await store.sessions.create({ tenantId: t.id, apiKeyId: apiKey.id, ttlMs: HOUR });
      expect(a.token).not.toBe(b.token);
      await store.sessions.delete(a.token);
      await store.sessions.delete('not-a-token');
      expect(await store.sessions.get(a.token)).toBeUndefined();
      expect((await store.sessions.get(b.token))?.tenant.id).toBe(t.id);
      await store.apiKeys.revoke(t.id, apiKey.id);
      expect(await store.sessions.get(b.token)).toBeUndefined();
    });

    it('never joins a session to a key of another tenant', async () => {
      const t = await store.tenants.getOrCreate('dash-3');
      const other = await store.tenants.getOrCreate('dash-4');
      const { apiKey } = await store.apiKeys.create(other.id, { name: 'k', scopes: ['admin'] });
      const s = await store.sessions.create({ tenantId: t.id, apiKeyId: apiKey.id, ttlMs: HOUR });
      expect(await store.sessions.get(s.token)).toBeUndefined();
    });

    it('purges expired sessions only', async () => {
      const t = await store.tenants.getOrCreate('dash-5');
      const { apiKey } = await store.apiKeys.create(t.id, { name: 'k', scopes: ['read'] });
      const now = new Date('2030-01-01T00:00:00.000Z');
      const short = await store.sessions.create({ tenantId: t.id, apiKeyId: apiKey.id, ttlMs: 1000, now });
      const long = await store.sessions.create({
        tenantId: t.id,
        apiKeyId: apiKey.id,
        ttlMs: 10 * HOUR,
        now,
      });
      const before = (await query('SELECT count(*) AS n FROM dashboard_sessions'))[0]?.n;
      const purged = await store.sessions.purgeExpired(new Date('2030-01-01T01:00:00.000Z'));
      // the sessions of the tests before expired long ago, and `short` a second after creation
      expect(purged).toBe(Number(before) - 1);
      expect(await store.sessions.get(short.token, now)).toBeUndefined();
      expect((await store.sessions.get(long.token, new Date('2030-01-01T01:00:00.000Z')))?.tenant.id).toBe(
        t.id,
      );
      await expect(store.sessions.create({ tenantId: t.id, apiKeyId: apiKey.id, ttlMs: 0 })).rejects.toThrow(
        TypeError,
      );
    });
  });
}
