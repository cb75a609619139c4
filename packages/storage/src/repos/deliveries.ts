import { decodeCursor, pageLimit, toPage } from '../cursor.js';
import type { Executor, Row } from '../executor.js';
import { nowIso, optStr, str } from '../rows.js';
import type { Delivery, DeliveryOutcome, DeliveryRepository } from '../types.js';

function toDelivery(r: Row): Delivery {
  return {
    id: str(r.id),
    source: str(r.source),
    receivedAt: str(r.received_at),
    outcome: str(r.outcome) as DeliveryOutcome,
    detail: optStr(r.detail),
    expiresAt: optStr(r.expires_at),
  };
}

export function createDeliveryRepository(ex: Executor): DeliveryRepository {
  const get = async (source: string, id: string) => {
    const r = await ex.get('SELECT * FROM webhook_deliveries WHERE source = ? AND id = ?', [source, id]);
    return r ? toDelivery(r) : undefined;
  };
  return {
    get,
    async record({ id, source, outcome = 'pending', detail, receivedAt, expiresAt }) {
      if (!id || !source) throw new TypeError('@scanrelay/storage: a delivery needs an id and a source');
      const now = nowIso();
      // New, or the old record has expired (then it is replaced): one statement, so two racing
      // receivers of one delivery cannot both see it as new.
      const rows = await ex.runReturning(
        `INSERT INTO webhook_deliveries (source, id, received_at, outcome, detail, expires_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (source, id) DO UPDATE SET received_at = excluded.received_at, outcome = excluded.outcome,
           detail = excluded.detail, expires_at = excluded.expires_at
         WHERE webhook_deliveries.expires_at IS NOT NULL AND webhook_deliveries.expires_at <= ?
         RETURNING *`,
        [source, id, receivedAt ?? now, outcome, detail ?? null, expiresAt ?? null, now],
      );
      if (rows[0]) return { isNew: true, delivery: toDelivery(rows[0]) };
      return { isNew: false, delivery: (await get(source, id))! };
    },
    async setOutcome(source, id, outcome, detail) {
      const n = await ex.run(
        'UPDATE webhook_deliveries SET outcome = ?, detail = ? WHERE source = ? AND id = ?',
        [outcome, detail ?? null, source, id],
      );
      return n > 0;
    },
    async forget(source, id) {
      return (await ex.run('DELETE FROM webhook_deliveries WHERE source = ? AND id = ?', [source, id])) > 0;
    },
    async list(query = {}) {
      const limit = pageLimit(query.limit);
      const where: string[] = [];
      const params: unknown[] = [];
      if (query.source) {
        where.push('source = ?');
        params.push(query.source);
      }
      if (query.cursor) {
        const [at, source, id] = decodeCursor(query.cursor, 3);
        where.push('(received_at < ? OR (received_at = ? AND (source < ? OR (source = ? AND id < ?))))');
        params.push(at, at, source, source, id);
      }
      const rows = await ex.all(
        `SELECT * FROM webhook_deliveries ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY received_at DESC, source DESC, id DESC LIMIT ?`,
        [...params, limit + 1],
      );
      return toPage(rows.map(toDelivery), limit, (d) => [d.receivedAt, d.source, d.id]);
    },
    async purgeExpired(now = new Date()) {
      return ex.run('DELETE FROM webhook_deliveries WHERE expires_at IS NOT NULL AND expires_at <= ?', [
        now.toISOString(),
      ]);
    },
  };
}
