import { and, asc, eq, gt, inArray, isNull, lte, notInArray, or, type SQL } from 'drizzle-orm';
import { isIsoTimestamp } from '../cursor.js';
import { type Db, tablesFor } from '../drizzle-db.js';
import type { Executor } from '../executor.js';
import { InvalidQueryError } from '../invalid-query-error.js';
import { first, stored } from '../rows.js';
import { StorageError } from '../storage-error.js';
import {
  type FindingHistoryEntry,
  type FindingRepository,
  type FindingStatus,
  type StoredFinding,
  TRIAGE_STATUSES,
  type TriageChange,
  type TriageStatus,
} from '../types.js';
import { uuidv7 } from '../uuidv7.js';
import { findingFilters, seenBy, tenantTerm } from './finding-query.js';

type Triage = Pick<
  FindingRepository,
  'triage' | 'triageWhere' | 'history' | 'reopenExpired' | 'triagedFingerprints'
>;

/** Rows per UPDATE … IN (…) and per multi-row INSERT: far below both dialects' parameter limits. */
const CHUNK = 500;
/** The actor of changes the store makes itself. */
const SYSTEM_ACTOR = 'scanrelay';

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** An ISO time in the one form the store compares as text on SQLite (`toISOString`). */
function isoTime(name: string, v: string): string {
  if (typeof v !== 'string' || !isIsoTimestamp(v))
    throw new TypeError(`@scanrelay/storage: ${name} must be an ISO 8601 date-time, got "${String(v)}"`);
  return new Date(v).toISOString();
}

/** The checked change, its times normalised; `acceptedUntil` only with accepted-risk. */
function checkChange(change: TriageChange): TriageChange {
  if (!(TRIAGE_STATUSES as readonly string[]).includes(change.status))
    throw new TypeError(
      `@scanrelay/storage: triage status must be one of ${TRIAGE_STATUSES.join(', ')}, got "${change.status}"`,
    );
  if (typeof change.actor !== 'string' || change.actor === '')
    throw new TypeError('@scanrelay/storage: triage actor must be a non-empty string');
  const acceptedUntil =
    change.status === 'accepted-risk' && change.acceptedUntil !== undefined
      ? isoTime('acceptedUntil', change.acceptedUntil)
      : undefined;
  return { ...change, at: isoTime('at', change.at), acceptedUntil };
}

/** The triage columns a change sets: `open` clears them all. */
function triageColumns(c: TriageChange) {
  const open = c.status === 'open';
  return {
    status: c.status as FindingStatus,
    fixedAt: null,
    triageReason: open ? null : (c.reason ?? null),
    triagedBy: open ? null : c.actor,
    triagedAt: open ? null : c.at,
    acceptedUntil: c.acceptedUntil ?? null,
  };
}

/** Triage and its history (`FindingRepository`). */
export function createFindingTriage(
  ex: Executor,
  get: (tenantId: string, id: string) => Promise<StoredFinding | undefined>,
): Triage {
  const tables = tablesFor(ex.dialect);
  const { findings, findingHistory } = tables;

  /**
   * Sets `change` on the rows of `ids` still in status `from` (a row changed meanwhile is left
   * alone) and appends their history; returns the ids changed.
   */
  const apply = async (
    tx: Executor,
    tenantId: string,
    ids: readonly string[],
    from: FindingStatus,
    change: TriageChange,
    reasonOf: (id: string) => string | undefined = () => change.reason,
  ): Promise<string[]> => {
    const changed: string[] = [];
    for (const part of chunks(ids)) {
      const rows = await tx.write((db: Db) =>
        db
          .update(findings)
          .set(triageColumns(change))
          .where(and(eq(findings.tenantId, tenantId), inArray(findings.id, part), eq(findings.status, from)))
          .returning({ id: findings.id }),
      );
      changed.push(...rows.map((r) => r.id));
    }
    for (const part of chunks(changed)) {
      await tx.write((db: Db) =>
        db.insert(findingHistory).values(
          part.map((findingId) => ({
            id: uuidv7(),
            tenantId,
            findingId,
            at: change.at,
            actor: change.actor,
            fromStatus: from,
            toStatus: change.status,
            reason: reasonOf(findingId) ?? null,
            expiresAt: change.acceptedUntil ?? null,
          })),
        ),
      );
    }
    return changed;
  };

  const statusOf = async (tx: Executor, tenantId: string, id: string) =>
    first(
      await tx.read((db) =>
        db
          .select({ status: findings.status })
          .from(findings)
          .where(and(eq(findings.tenantId, tenantId), eq(findings.id, id))),
      ),
    )?.status;

  return {
    async triage(tenantId, id, change) {
      const c = checkChange(change);
      const done = await ex.transaction(async (tx) => {
        // Compare-and-set on the status read: a concurrent triage in between is retried, so the
        // history's `from` is always the status this change replaced.
        for (let attempt = 0; attempt < 5; attempt++) {
          const from = await statusOf(tx, tenantId, id);
          if (from === undefined) return false;
          if ((await apply(tx, tenantId, [id], from, c)).length > 0) return true;
        }
        throw new StorageError('conflict', `finding ${id} kept changing during triage; try again`);
      });
      return done ? get(tenantId, id) : undefined;
    },

    async triageWhere(tenantId, query, change, maxRows) {
      if (!Number.isInteger(maxRows) || maxRows < 1)
        throw new TypeError(`@scanrelay/storage: max must be a positive integer, got ${maxRows}`);
      const c = checkChange(change);
      const where = findingFilters(findings, ex.dialect, tenantId, query);
      where.push(notInArray(findings.status, ['fixed', 'duplicate', c.status]));
      return ex.transaction(async (tx) => {
        const rows = await tx.read((db: Db) =>
          seenBy(
            tables,
            db.select({ id: findings.id, status: findings.status }).from(findings).$dynamic(),
            query.scanId,
          )
            .where(and(...where))
            .orderBy(asc(findings.id))
            .limit(maxRows + 1),
        );
        if (rows.length > maxRows)
          throw new InvalidQueryError('max', `more than ${maxRows} findings match; narrow the filter`);
        const byStatus = new Map<FindingStatus, string[]>();
        for (const r of rows) byStatus.set(r.status, [...(byStatus.get(r.status) ?? []), r.id]);
        const ids: string[] = [];
        for (const [from, group] of byStatus) ids.push(...(await apply(tx, tenantId, group, from, c)));
        ids.sort();
        return { changed: ids.length, ids };
      });
    },

    async history(tenantId, id) {
      const rows = await ex.read((db) =>
        db
          .select()
          .from(findingHistory)
          .where(and(eq(findingHistory.tenantId, tenantId), eq(findingHistory.findingId, id)))
          .orderBy(asc(findingHistory.at), asc(findingHistory.id)),
      );
      return rows.map((row): FindingHistoryEntry => {
        const r = stored(row);
        return {
          id: r.id,
          findingId: r.findingId,
          at: r.at,
          actor: r.actor,
          from: r.fromStatus,
          to: r.toStatus,
          ...(r.reason !== undefined ? { reason: r.reason } : {}),
          ...(r.expiresAt !== undefined ? { acceptedUntil: r.expiresAt } : {}),
        };
      });
    },

    async reopenExpired(tenantId, at, projectId) {
      const now = isoTime('at', at);
      const where: SQL[] = [
        eq(findings.tenantId, tenantId),
        lte(findings.acceptedUntil, now),
        eq(findings.status, 'accepted-risk'),
      ];
      if (projectId) where.push(eq(findings.projectId, projectId));
      const select = (tx: Executor) =>
        tx.read((db) =>
          db
            .select({ id: findings.id, until: findings.acceptedUntil })
            .from(findings)
            .where(and(...where)),
        );
      // Read first, outside a transaction: the usual answer is none, without taking the write lock.
      if ((await select(ex)).length === 0) return 0;
      return ex.transaction(async (tx) => {
        const expired = await select(tx);
        const until = new Map(expired.map((r) => [r.id, r.until]));
        const change: TriageChange = { status: 'open', actor: SYSTEM_ACTOR, at: now };
        const ids = await apply(tx, tenantId, [...until.keys()], 'accepted-risk', change, (id) =>
          until.get(id) ? `risk acceptance expired on ${until.get(id)}` : undefined,
        );
        return ids.length;
      });
    },

    async triagedFingerprints(tenantId, projectId, at) {
      const now = isoTime('at', at);
      const rows = await ex.read((db) =>
        db
          .select({ fingerprint: findings.fingerprint, status: findings.status })
          .from(findings)
          .where(
            and(
              tenantTerm(findings, ex.dialect, tenantId, projectId),
              // IN first, so both statuses are found through the (project, status, …) index.
              inArray(findings.status, ['false-positive', 'accepted-risk']),
              or(
                eq(findings.status, 'false-positive'),
                isNull(findings.acceptedUntil),
                gt(findings.acceptedUntil, now),
              ),
            ),
          ),
      );
      return new Map(rows.map((r) => [r.fingerprint, r.status as TriageStatus]));
    },
  };
}
