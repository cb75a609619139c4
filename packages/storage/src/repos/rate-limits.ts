import { lt, sql } from 'drizzle-orm';
import { tablesFor } from '../drizzle-db.js';
import type { Executor } from '../executor.js';
import type { RateLimitRepository } from '../types.js';

function isoTime(name: string, value: string): string {
  const t = new Date(value);
  if (Number.isNaN(t.getTime()))
    throw new TypeError(`@scanrelay/storage: ${name} must be an ISO time, got "${value}"`);
  return t.toISOString();
}

function checkCount(name: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min)
    throw new TypeError(`@scanrelay/storage: ${name} must be an integer of at least ${min}, got ${value}`);
}

export function createRateLimitRepository(ex: Executor): RateLimitRepository {
  const { rateWindows: w } = tablesFor(ex.dialect);
  const proposed = sql`excluded.${sql.identifier('count')}`;
  return {
    async take(key, windowStart, n, limit) {
      checkCount('n', n, 1);
      checkCount('limit', limit, 0);
      // A count never goes below zero: more than the whole budget is refused without a write.
      if (n > limit) return undefined;
      const start = isoTime('windowStart', windowStart);
      // One statement, so replicas cannot both take the last units: the first take of a window inserts
      // it; the others add to it only while the sum stays within the limit (PostgreSQL re-checks the
      // condition against the locked latest row, SQLite has one writer). No row back: refused.
      const rows = await ex.write((db) =>
        db
          .insert(w)
          .values({ key, windowStart: start, count: n })
          .onConflictDoUpdate({
            target: [w.key, w.windowStart],
            set: { count: sql`${w.count} + ${proposed}` },
            setWhere: sql`${w.count} + ${proposed} <= ${limit}`,
          })
          .returning({ count: w.count }),
      );
      return rows[0]?.count;
    },
    async purgeBefore(before) {
      const rows = await ex.write((db) =>
        db
          .delete(w)
          .where(lt(w.windowStart, isoTime('before', before)))
          .returning({ key: w.key }),
      );
      return rows.length;
    },
  };
}
