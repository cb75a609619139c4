import { emptyCounts, type Finding } from '@scanrelay/findings-schema';
import { and, asc, count, eq, getTableColumns, gt, inArray, max, type SQL } from 'drizzle-orm';
import { decodeCursor, pageLimit, toPage } from '../cursor.js';
import { type Db, type Tables, tablesFor } from '../drizzle-db.js';
import type { Executor } from '../executor.js';
import type { FindingBulk } from '../finding-bulk.js';
import { checkQueryText } from '../invalid-query-error.js';
import { asArray, first, nowIso, stored } from '../rows.js';
import {
  FINDING_STATUSES,
  type FindingCounts,
  type FindingRepository,
  type StoredFinding,
} from '../types.js';

type ShownRow = Omit<Tables['findings']['$inferSelect'], 'contentHash'>;

function toFinding({ data, ...row }: ShownRow): StoredFinding {
  const s = stored(row);
  return { ...s, finding: { id: s.id, ...data, occurrences: s.occurrences } as Finding };
}

function checkStatus(status: string): void {
  if (!(FINDING_STATUSES as readonly string[]).includes(status)) {
    throw new TypeError(
      `@scanrelay/storage: finding status must be one of ${FINDING_STATUSES.join(', ')}, got "${status}"`,
    );
  }
}

/** The single-finding reads and triage; the ingest paths are the hand-written `bulk`. */
export function createFindingRepository(ex: Executor, bulk: FindingBulk): FindingRepository {
  const { findings, scanFindings } = tablesFor(ex.dialect);
  const { contentHash: _, ...shown } = getTableColumns(findings);

  /** Only the findings a scan saw, when `scanId` is given. */
  const seenBy = <Q extends { innerJoin: (t: typeof scanFindings, on: SQL | undefined) => Q }>(
    q: Q,
    scanId: string | undefined,
  ): Q =>
    scanId
      ? q.innerJoin(
          scanFindings,
          and(eq(scanFindings.findingId, findings.id), eq(scanFindings.scanId, scanId)),
        )
      : q;

  const get = async (tenantId: string, id: string) => {
    const rows = await ex.read((db) =>
      db
        .select(shown)
        .from(findings)
        .where(and(eq(findings.tenantId, tenantId), eq(findings.id, id))),
    );
    const r = first(rows);
    return r && toFinding(r);
  };

  return {
    ...bulk,
    get,
    async list(tenantId, query = {}) {
      const limit = pageLimit(query.limit);
      const where: (SQL | undefined)[] = [eq(findings.tenantId, tenantId)];
      if (query.projectId) where.push(eq(findings.projectId, query.projectId));
      const severities = asArray(query.severity);
      if (severities?.length) where.push(inArray(findings.severity, severities));
      const statuses = asArray(query.status);
      if (statuses?.length) where.push(inArray(findings.status, statuses));
      checkQueryText('tool', query.tool);
      if (query.tool) where.push(eq(findings.tool, query.tool.toLowerCase()));
      if (query.cursor) where.push(gt(findings.id, decodeCursor(query.cursor, ['text'])[0]!));
      const rows = await ex.read((db: Db) =>
        seenBy(db.select(shown).from(findings).$dynamic(), query.scanId)
          .where(and(...where))
          .orderBy(asc(findings.id))
          .limit(limit + 1),
      );
      return toPage(rows.map(toFinding), limit, (f) => [f.id]);
    },
    async counts(tenantId, query) {
      const where = [eq(findings.tenantId, tenantId)];
      if (query.projectId) where.push(eq(findings.projectId, query.projectId));
      const rows = await ex.read((db) =>
        seenBy(
          db
            .select({ status: findings.status, severity: findings.severity, n: count() })
            .from(findings)
            .$dynamic(),
          query.scanId,
        )
          .where(and(...where))
          .groupBy(findings.status, findings.severity),
      );
      const out = Object.fromEntries(
        FINDING_STATUSES.map((s) => [s, emptyCounts()]),
      ) as unknown as FindingCounts;
      out.total = 0;
      for (const r of rows) {
        out[r.status][r.severity] += r.n;
        out.total += r.n;
      }
      return out;
    },
    async lastSeenInScan(tenantId, projectId, scanId) {
      const rows = await ex.read((db) =>
        db
          .select({ at: max(findings.lastSeenAt) })
          .from(findings)
          .where(
            and(
              eq(findings.tenantId, tenantId),
              eq(findings.projectId, projectId),
              eq(findings.lastScanId, scanId),
            ),
          ),
      );
      return rows[0]?.at ?? undefined;
    },
    async setStatus(tenantId, id, status) {
      checkStatus(status);
      const rows = await ex.write((db) =>
        db
          .update(findings)
          .set({ status, fixedAt: status === 'fixed' ? nowIso() : null })
          .where(and(eq(findings.tenantId, tenantId), eq(findings.id, id)))
          .returning({ id: findings.id }),
      );
      return rows.length > 0 ? get(tenantId, id) : undefined;
    },
  };
}
