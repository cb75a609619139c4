import type { Executor, Row } from '../executor.js';
import { parseJson, str } from '../rows.js';
import type { Summary, SummaryRepository } from '../types.js';

export const DEFAULT_SUMMARY_TTL_MS = 365 * 24 * 60 * 60 * 1000;

function toSummary<T>(r: Row): Summary<T> {
  const provider = str(r.provider);
  return {
    tenantId: str(r.tenant_id),
    projectId: str(r.project_id),
    ...(provider ? { provider } : {}),
    value: parseJson<T>(r.value),
    updatedAt: str(r.updated_at),
    expiresAt: str(r.expires_at),
  };
}

export function createSummaryRepository(ex: Executor): SummaryRepository {
  return {
    async put(key, value, ttlMs = DEFAULT_SUMMARY_TTL_MS) {
      if (!(ttlMs > 0)) throw new TypeError(`@scanrelay/storage: ttlMs must be positive, got ${ttlMs}`);
      const now = Date.now();
      const rows = await ex.runReturning(
        `INSERT INTO summaries (tenant_id, project_id, provider, value, updated_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (tenant_id, project_id, provider) DO UPDATE SET value = excluded.value,
           updated_at = excluded.updated_at, expires_at = excluded.expires_at
         RETURNING *`,
        [
          key.tenantId,
          key.projectId,
          key.provider ?? '',
          JSON.stringify(value),
          new Date(now).toISOString(),
          new Date(now + ttlMs).toISOString(),
        ],
      );
      return toSummary(rows[0]!);
    },
    async get<T>(key: { tenantId: string; projectId: string; provider?: string }) {
      const r = await ex.get(
        'SELECT * FROM summaries WHERE tenant_id = ? AND project_id = ? AND provider = ? AND expires_at > ?',
        [key.tenantId, key.projectId, key.provider ?? '', new Date().toISOString()],
      );
      return r ? toSummary<T>(r) : undefined;
    },
    async listForProject<T>(tenantId: string, projectId: string) {
      const rows = await ex.all(
        `SELECT * FROM summaries WHERE tenant_id = ? AND project_id = ? AND provider <> '' AND expires_at > ?
         ORDER BY provider`,
        [tenantId, projectId, new Date().toISOString()],
      );
      return rows.map((r) => toSummary<T>(r));
    },
    async purgeExpired(now = new Date()) {
      return ex.run('DELETE FROM summaries WHERE expires_at <= ?', [now.toISOString()]);
    },
  };
}
