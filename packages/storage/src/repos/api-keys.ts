import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Executor } from '../executor.js';
import { nowIso, optStr, parseJson, str } from '../rows.js';
import { API_KEY_SCOPES, type ApiKey, type ApiKeyRepository, type ApiKeyScope } from '../types.js';
import { uuidv7 } from '../uuidv7.js';
import { toTenant } from './tenants.js';

const KEY_PREFIX = 'sr_';
/** `sr_` and 43 base64url characters (32 random bytes). */
const KEY_SHAPE = /^sr_[A-Za-z0-9_-]{43}$/;
const LAST_USED_RESOLUTION_MS = 60_000;

function hashKey(key: string): Buffer {
  return createHash('sha256').update(key).digest();
}

function toApiKey(r: Record<string, unknown>): ApiKey {
  return {
    id: str(r.id),
    tenantId: str(r.tenant_id),
    name: str(r.name),
    prefix: str(r.prefix),
    scopes: parseJson<ApiKeyScope[]>(r.scopes),
    createdAt: str(r.created_at),
    lastUsedAt: optStr(r.last_used_at),
    revokedAt: optStr(r.revoked_at),
  };
}

export function createApiKeyRepository(ex: Executor): ApiKeyRepository {
  return {
    async create(tenantId, { name, scopes }) {
      const bad = scopes.filter((s) => !(API_KEY_SCOPES as readonly string[]).includes(s));
      if (bad.length > 0 || scopes.length === 0) {
        throw new TypeError(
          `@scanrelay/storage: scopes must be some of ${API_KEY_SCOPES.join(', ')}, got ${JSON.stringify(scopes)}`,
        );
      }
      const key = KEY_PREFIX + randomBytes(32).toString('base64url');
      const rows = await ex.runReturning(
        `INSERT INTO api_keys (id, tenant_id, name, prefix, key_hash, scopes, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *`,
        [
          uuidv7(),
          tenantId,
          name,
          key.slice(0, 12),
          hashKey(key).toString('hex'),
          JSON.stringify([...new Set(scopes)]),
          nowIso(),
        ],
      );
      return { apiKey: toApiKey(rows[0]!), key };
    },

    async authenticate(key) {
      if (typeof key !== 'string' || !KEY_SHAPE.test(key)) return undefined;
      const digest = hashKey(key);
      const r = await ex.get(
        `SELECT k.*, t.id AS t_id, t.name AS t_name, t.created_at AS t_created_at
         FROM api_keys k JOIN tenants t ON t.id = k.tenant_id WHERE k.key_hash = ?`,
        [digest.toString('hex')],
      );
      if (!r || r.revoked_at) return undefined;
      const stored = Buffer.from(str(r.key_hash), 'hex');
      if (stored.length !== digest.length || !timingSafeEqual(stored, digest)) return undefined;
      const apiKey = toApiKey(r);
      const now = Date.now();
      if (!apiKey.lastUsedAt || now - Date.parse(apiKey.lastUsedAt) > LAST_USED_RESOLUTION_MS) {
        apiKey.lastUsedAt = new Date(now).toISOString();
        await ex.run('UPDATE api_keys SET last_used_at = ? WHERE id = ?', [apiKey.lastUsedAt, apiKey.id]);
      }
      const tenant = toTenant({ id: r.t_id, name: r.t_name, created_at: r.t_created_at });
      return { tenant, apiKey, scopes: apiKey.scopes };
    },

    async list(tenantId) {
      return (
        await ex.all('SELECT * FROM api_keys WHERE tenant_id = ? ORDER BY created_at, id', [tenantId])
      ).map(toApiKey);
    },

    async revoke(tenantId, id) {
      const n = await ex.run(
        'UPDATE api_keys SET revoked_at = ? WHERE tenant_id = ? AND id = ? AND revoked_at IS NULL',
        [nowIso(), tenantId, id],
      );
      return n > 0;
    },
  };
}
