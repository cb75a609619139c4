import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, asc, eq, getTableColumns, isNull } from 'drizzle-orm';
import { tablesFor } from '../drizzle-db.js';
import type { Executor } from '../executor.js';
import { nowIso, stored } from '../rows.js';
import { API_KEY_SCOPES, type ApiKeyRepository } from '../types.js';
import { uuidv7 } from '../uuidv7.js';

const KEY_PREFIX = 'sr_';
/** `sr_` and 43 base64url characters (32 random bytes). */
const KEY_SHAPE = /^sr_[A-Za-z0-9_-]{43}$/;
const LAST_USED_RESOLUTION_MS = 60_000;

function hashKey(key: string): Buffer {
  return createHash('sha256').update(key).digest();
}

export function createApiKeyRepository(ex: Executor): ApiKeyRepository {
  const { apiKeys, tenants } = tablesFor(ex.dialect);
  // Every column but the hash, which never leaves the store.
  const { keyHash: _, ...shown } = getTableColumns(apiKeys);
  return {
    async create(tenantId, { name, scopes }) {
      const bad = scopes.filter((s) => !(API_KEY_SCOPES as readonly string[]).includes(s));
      if (bad.length > 0 || scopes.length === 0) {
        throw new TypeError(
          `@scanrelay/storage: scopes must be some of ${API_KEY_SCOPES.join(', ')}, got ${JSON.stringify(scopes)}`,
        );
      }
      const key = KEY_PREFIX + randomBytes(32).toString('base64url');
      const rows = await ex.write((db) =>
        db
          .insert(apiKeys)
          .values({
            id: uuidv7(),
            tenantId,
            name,
            prefix: key.slice(0, 12),
            keyHash: hashKey(key).toString('hex'),
            scopes: [...new Set(scopes)],
            createdAt: nowIso(),
          })
          .returning(shown),
      );
      return { apiKey: stored(rows[0]!), key };
    },

    async authenticate(key) {
      if (typeof key !== 'string' || !KEY_SHAPE.test(key)) return undefined;
      const digest = hashKey(key);
      const [r] = await ex.read((db) =>
        db
          .select({ key: apiKeys, tenant: tenants })
          .from(apiKeys)
          .innerJoin(tenants, eq(tenants.id, apiKeys.tenantId))
          .where(eq(apiKeys.keyHash, digest.toString('hex'))),
      );
      if (!r || r.key.revokedAt) return undefined;
      const storedHash = Buffer.from(r.key.keyHash, 'hex');
      if (storedHash.length !== digest.length || !timingSafeEqual(storedHash, digest)) return undefined;
      const { keyHash: _hash, ...row } = r.key;
      const apiKey = stored(row);
      const now = Date.now();
      if (!apiKey.lastUsedAt || now - Date.parse(apiKey.lastUsedAt) > LAST_USED_RESOLUTION_MS) {
        const lastUsedAt = new Date(now).toISOString();
        apiKey.lastUsedAt = lastUsedAt;
        await ex.write((db) => db.update(apiKeys).set({ lastUsedAt }).where(eq(apiKeys.id, apiKey.id)));
      }
      return { tenant: r.tenant, apiKey, scopes: apiKey.scopes };
    },

    async list(tenantId) {
      const rows = await ex.read((db) =>
        db
          .select(shown)
          .from(apiKeys)
          .where(eq(apiKeys.tenantId, tenantId))
          .orderBy(asc(apiKeys.createdAt), asc(apiKeys.id)),
      );
      return rows.map(stored);
    },

    async revoke(tenantId, id) {
      const rows = await ex.write((db) =>
        db
          .update(apiKeys)
          .set({ revokedAt: nowIso() })
          .where(and(eq(apiKeys.tenantId, tenantId), eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
          .returning({ id: apiKeys.id }),
      );
      return rows.length > 0;
    },
  };
}
