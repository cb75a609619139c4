import { and, desc, eq, getTableColumns, isNotNull, lt, lte, or, type SQL, sql } from 'drizzle-orm';
import { decodeCursor, pageLimit, toPage } from '../cursor.js';
import { preparedQuery, tablesFor } from '../drizzle-db.js';
import { excludedSet } from '../excluded-set.js';
import type { Executor } from '../executor.js';
import { checkQueryText } from '../invalid-query-error.js';
import { first, nowIso, stored } from '../rows.js';
import type { DeliveryRepository } from '../types.js';

const p = (name: string) => sql.placeholder(name);

/** New, or the old record has expired (then it is replaced): two of these in every webhook delivery. */
const recordDelivery = preparedQuery('scanrelay_delivery_record', (db, { webhookDeliveries: d }) =>
  db
    .insert(d)
    .values({
      source: p('source'),
      id: p('id'),
      receivedAt: p('receivedAt'),
      outcome: p('outcome'),
      detail: p('detail'),
      expiresAt: p('expiresAt'),
      tenantId: p('tenantId'),
      subject: p('subject'),
    })
    .onConflictDoUpdate({
      target: [d.source, d.id],
      set: excludedSet(getTableColumns(d), ['source', 'id']),
      setWhere: and(isNotNull(d.expiresAt), lte(d.expiresAt, p('now'))),
    })
    .returning(),
);

export function createDeliveryRepository(ex: Executor): DeliveryRepository {
  const { webhookDeliveries: d } = tablesFor(ex.dialect);
  const expiredBy = (at: string) => and(isNotNull(d.expiresAt), lte(d.expiresAt, at));
  const get = async (source: string, id: string) =>
    first(
      (
        await ex.read((db) =>
          db
            .select()
            .from(d)
            .where(and(eq(d.source, source), eq(d.id, id))),
        )
      ).map(stored),
    );
  return {
    get,
    async record({ id, source, outcome = 'pending', detail, receivedAt, expiresAt, tenantId, subject }) {
      if (!id || !source) throw new TypeError('@scanrelay/storage: a delivery needs an id and a source');
      const now = nowIso();
      // New, or the old record has expired (then it is replaced): one statement, so two racing
      // receivers of one delivery cannot both see it as new.
      const rows = await ex.write((db) =>
        recordDelivery(db, ex.dialect, {
          source,
          id,
          receivedAt: receivedAt ?? now,
          outcome,
          detail: detail ?? null,
          expiresAt: expiresAt ?? null,
          tenantId: tenantId ?? null,
          subject: subject ?? null,
          now,
        }),
      );
      if (rows[0]) return { isNew: true, delivery: stored(rows[0]) };
      return { isNew: false, delivery: (await get(source, id))! };
    },
    async setOutcome(source, id, outcome, detail) {
      const rows = await ex.write((db) =>
        db
          .update(d)
          .set({ outcome, detail: detail ?? null })
          .where(and(eq(d.source, source), eq(d.id, id)))
          .returning({ id: d.id }),
      );
      return rows.length > 0;
    },
    async forget(source, id) {
      const rows = await ex.write((db) =>
        db
          .delete(d)
          .where(and(eq(d.source, source), eq(d.id, id)))
          .returning({ id: d.id }),
      );
      return rows.length > 0;
    },
    async list(query = {}) {
      const limit = pageLimit(query.limit);
      const where: (SQL | undefined)[] = [];
      checkQueryText('source', query.source);
      if (query.source) where.push(eq(d.source, query.source));
      if (query.tenantId) where.push(eq(d.tenantId, query.tenantId));
      if (query.cursor) {
        const [at, source, id] = decodeCursor(query.cursor, ['timestamp', 'text', 'text']) as [
          string,
          string,
          string,
        ];
        where.push(
          or(
            lt(d.receivedAt, at),
            and(eq(d.receivedAt, at), or(lt(d.source, source), and(eq(d.source, source), lt(d.id, id)))),
          ),
        );
      }
      const rows = await ex.read((db) =>
        db
          .select()
          .from(d)
          .where(and(...where))
          .orderBy(desc(d.receivedAt), desc(d.source), desc(d.id))
          .limit(limit + 1),
      );
      return toPage(rows.map(stored), limit, (r) => [r.receivedAt, r.source, r.id]);
    },
    async purgeExpired(now = new Date()) {
      const rows = await ex.write((db) =>
        db.delete(d).where(expiredBy(now.toISOString())).returning({ id: d.id }),
      );
      return rows.length;
    },
  };
}
