import { createHash, randomBytes } from 'node:crypto';
import { and, eq, getTableColumns, lte } from 'drizzle-orm';
import { tablesFor } from '../drizzle-db.js';
import type { Executor } from '../executor.js';
import { first, stored } from '../rows.js';
import type { SessionRepository } from '../types.js';

/** 32 random bytes, base64url. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;
/** `lastSeenAt` is written at most this often per session. */
const LAST_SEEN_RESOLUTION_MS = 60_000;

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Dashboard sessions: only the sha256 of a token is stored; a revoked API key ends its sessions. */
export function createSessionRepository(ex: Executor): SessionRepository {
  const { dashboardSessions: s, apiKeys, tenants } = tablesFor(ex.dialect);
  const { keyHash: _, ...keyColumns } = getTableColumns(apiKeys);
  return {
    async create({ tenantId, apiKeyId, ttlMs, now = new Date() }) {
      if (!Number.isFinite(ttlMs) || ttlMs <= 0)
        throw new TypeError(`@scanrelay/storage: ttlMs must be a positive number, got ${ttlMs}`);
      const token = randomBytes(32).toString('base64url');
      const createdAt = now.toISOString();
      const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
      await ex.write((db) =>
        db.insert(s).values({
          tokenHash: hashToken(token),
          tenantId,
          apiKeyId,
          createdAt,
          expiresAt,
          lastSeenAt: createdAt,
        }),
      );
      return { token, expiresAt };
    },

    async get(token, now = new Date()) {
      if (typeof token !== 'string' || !TOKEN_SHAPE.test(token)) return undefined;
      const tokenHash = hashToken(token);
      const r = first(
        await ex.read((db) =>
          db
            .select({ session: s, key: keyColumns, tenant: tenants })
            .from(s)
            .innerJoin(apiKeys, and(eq(apiKeys.id, s.apiKeyId), eq(apiKeys.tenantId, s.tenantId)))
            .innerJoin(tenants, eq(tenants.id, s.tenantId))
            .where(eq(s.tokenHash, tokenHash)),
        ),
      );
      if (!r || r.key.revokedAt || Date.parse(r.session.expiresAt) <= now.getTime()) return undefined;
      if (now.getTime() - Date.parse(r.session.lastSeenAt) > LAST_SEEN_RESOLUTION_MS) {
        await ex.write((db) =>
          db.update(s).set({ lastSeenAt: now.toISOString() }).where(eq(s.tokenHash, tokenHash)),
        );
      }
      const apiKey = stored(r.key);
      return { tenant: r.tenant, apiKey, scopes: apiKey.scopes, expiresAt: r.session.expiresAt };
    },

    async delete(token) {
      if (typeof token !== 'string' || !TOKEN_SHAPE.test(token)) return;
      await ex.write((db) => db.delete(s).where(eq(s.tokenHash, hashToken(token))));
    },

    async purgeExpired(now = new Date()) {
      const rows = await ex.write((db) =>
        db.delete(s).where(lte(s.expiresAt, now.toISOString())).returning({ tokenHash: s.tokenHash }),
      );
      return rows.length;
    },
  };
}
