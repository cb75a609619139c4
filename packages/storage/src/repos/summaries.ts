import { and, asc, eq, getTableColumns, gt, lte, ne } from 'drizzle-orm';
import { tablesFor } from '../drizzle-db.js';
import { excludedSet } from '../excluded-set.js';
import type { Executor } from '../executor.js';
import type { Summary, SummaryKey, SummaryRepository } from '../types.js';

export const DEFAULT_SUMMARY_TTL_MS = 365 * 24 * 60 * 60 * 1000;

/** The per-project summary is stored with an empty provider and read back without one. */
function toSummary<T>({
  provider,
  value,
  ...rest
}: { provider: string; value: unknown } & Omit<Summary, 'provider' | 'value'>): Summary<T> {
  return { ...rest, ...(provider ? { provider } : {}), value: value as T };
}

/** The clock reading `now` stands for (misuse, an invalid date, is a TypeError). */
function timeOf(now: Date): number {
  const t = now instanceof Date ? now.getTime() : Number.NaN;
  if (Number.isNaN(t))
    throw new TypeError(`@scanrelay/storage: now must be a valid Date, got ${String(now)}`);
  return t;
}

export function createSummaryRepository(ex: Executor): SummaryRepository {
  const { summaries: s } = tablesFor(ex.dialect);
  const replaced = excludedSet(getTableColumns(s), ['tenantId', 'projectId', 'provider']);
  const keyIs = (key: SummaryKey) =>
    and(eq(s.tenantId, key.tenantId), eq(s.projectId, key.projectId), eq(s.provider, key.provider ?? ''));
  return {
    async put(key, value, ttlMs = DEFAULT_SUMMARY_TTL_MS, at = new Date()) {
      if (!(ttlMs > 0)) throw new TypeError(`@scanrelay/storage: ttlMs must be positive, got ${ttlMs}`);
      const now = timeOf(at);
      const rows = await ex.write((db) =>
        db
          .insert(s)
          .values({
            tenantId: key.tenantId,
            projectId: key.projectId,
            provider: key.provider ?? '',
            value,
            updatedAt: new Date(now).toISOString(),
            expiresAt: new Date(now + ttlMs).toISOString(),
          })
          .onConflictDoUpdate({ target: [s.tenantId, s.projectId, s.provider], set: replaced })
          .returning(),
      );
      return toSummary(rows[0]!);
    },
    async get<T>(key: SummaryKey, now = new Date()) {
      const rows = await ex.read((db) =>
        db
          .select()
          .from(s)
          .where(and(keyIs(key), gt(s.expiresAt, new Date(timeOf(now)).toISOString()))),
      );
      return rows[0] && toSummary<T>(rows[0]);
    },
    async listForProject<T>(tenantId: string, projectId: string, now = new Date()) {
      const rows = await ex.read((db) =>
        db
          .select()
          .from(s)
          .where(
            and(
              eq(s.tenantId, tenantId),
              eq(s.projectId, projectId),
              ne(s.provider, ''),
              gt(s.expiresAt, new Date(timeOf(now)).toISOString()),
            ),
          )
          .orderBy(asc(s.provider)),
      );
      return rows.map((r) => toSummary<T>(r));
    },
    async purgeExpired(now = new Date()) {
      const rows = await ex.write((db) =>
        db
          .delete(s)
          .where(lte(s.expiresAt, new Date(timeOf(now)).toISOString()))
          .returning({ projectId: s.projectId }),
      );
      return rows.length;
    },
  };
}
