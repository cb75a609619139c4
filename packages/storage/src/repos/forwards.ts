import { and, asc, desc, eq, getTableColumns, inArray, lt, or, type SQL, sql } from 'drizzle-orm';
import { decodeCursor, pageLimit, toPage } from '../cursor.js';
import { tablesFor } from '../drizzle-db.js';
import type { Executor } from '../executor.js';
import { asArray, first, nowIso, stored } from '../rows.js';
import { StorageError } from '../storage-error.js';
import { FORWARD_STATUSES, type ForwardPatch, type ForwardRepository, type ForwardStatus } from '../types.js';
import { uuidv7 } from '../uuidv7.js';

const FINISHED: ReadonlySet<ForwardStatus> = new Set(['done', 'dead']);

function checkStatus(status: string): void {
  if (!(FORWARD_STATUSES as readonly string[]).includes(status))
    throw new TypeError(
      `@scanrelay/storage: forward status must be one of ${FORWARD_STATUSES.join(', ')}, got "${status}"`,
    );
}

export function createForwardRepository(ex: Executor): ForwardRepository {
  const { forwards } = tablesFor(ex.dialect);
  const { sealedCredentials: _sealed, ...shown } = getTableColumns(forwards);
  const getWhere = async (where: SQL | undefined) =>
    first((await ex.read((db) => db.select(shown).from(forwards).where(where))).map(stored));
  const getById = (id: string) => getWhere(eq(forwards.id, id));

  const toSet = (patch: ForwardPatch, now: string) => {
    const set: Partial<Record<keyof typeof forwards.$inferInsert, unknown>> = { updatedAt: now };
    if (patch.status !== undefined) {
      checkStatus(patch.status);
      set.status = patch.status;
      set.finishedAt = FINISHED.has(patch.status) ? now : null;
    }
    if (patch.incrementAttempts) set.attempts = sql`${forwards.attempts} + 1`;
    if (patch.resetAttempts) set.attempts = 0;
    for (const key of [
      'sent',
      'batches',
      'remoteIds',
      'warnings',
      'lastError',
      'nextAttemptAt',
      'reportFile',
      'sealedCredentials',
      'context',
    ] as const) {
      if (patch[key] !== undefined) set[key] = patch[key];
    }
    return set as Partial<typeof forwards.$inferInsert>;
  };

  return {
    getById,
    get: (tenantId, id) => getWhere(and(eq(forwards.tenantId, tenantId), eq(forwards.id, id))),
    async ensure(input) {
      const now = nowIso();
      await ex.write((db) =>
        db
          .insert(forwards)
          .values({
            id: uuidv7(),
            tenantId: input.tenantId,
            scanId: input.scanId,
            destination: input.destination,
            kind: input.kind,
            status: 'pending',
            attempts: 0,
            sent: 0,
            batches: 0,
            remoteIds: [],
            warnings: [],
            context: input.context,
            reportFile: input.reportFile ?? null,
            sealedCredentials: input.sealedCredentials ?? null,
            createdAt: now,
            updatedAt: now,
          })
          .onConflictDoNothing({ target: [forwards.scanId, forwards.destination] }),
      );
      const row = await getWhere(
        and(eq(forwards.scanId, input.scanId), eq(forwards.destination, input.destination)),
      );
      if (!row || row.tenantId !== input.tenantId)
        throw new StorageError('conflict', `scan "${input.scanId}" belongs to another tenant`);
      return row;
    },
    async list(tenantId, query = {}) {
      const limit = pageLimit(query.limit);
      const where: (SQL | undefined)[] = [eq(forwards.tenantId, tenantId)];
      const statuses = asArray(query.status);
      if (statuses?.length) {
        for (const s of statuses) checkStatus(s);
        where.push(inArray(forwards.status, statuses));
      }
      if (query.scanId) where.push(eq(forwards.scanId, query.scanId));
      if (query.cursor) {
        const [createdAt, id] = decodeCursor(query.cursor, ['timestamp', 'text']) as [string, string];
        where.push(
          or(lt(forwards.createdAt, createdAt), and(eq(forwards.createdAt, createdAt), lt(forwards.id, id))),
        );
      }
      const rows = await ex.read((db) =>
        db
          .select(shown)
          .from(forwards)
          .where(and(...where))
          .orderBy(desc(forwards.createdAt), desc(forwards.id))
          .limit(limit + 1),
      );
      return toPage(rows.map(stored), limit, (f) => [f.createdAt, f.id]);
    },
    async listForScan(tenantId, scanId) {
      const rows = await ex.read((db) =>
        db
          .select(shown)
          .from(forwards)
          .where(and(eq(forwards.tenantId, tenantId), eq(forwards.scanId, scanId)))
          .orderBy(asc(forwards.destination)),
      );
      return rows.map(stored);
    },
    async update(id, patch) {
      const set = toSet(patch, nowIso());
      const rows = await ex.write((db) =>
        db.update(forwards).set(set).where(eq(forwards.id, id)).returning({ id: forwards.id }),
      );
      return rows.length > 0 ? getById(id) : undefined;
    },
    async sealedCredentials(id) {
      const rows = await ex.read((db) =>
        db.select({ sealed: forwards.sealedCredentials }).from(forwards).where(eq(forwards.id, id)),
      );
      return rows[0]?.sealed ?? undefined;
    },
  };
}
