import { emptyCounts, type Finding, type Severity, severityRank } from '@scanrelay/findings-schema';
import { and, count, eq, getTableColumns, max, sql } from 'drizzle-orm';
import { pageLimit, toPage } from '../cursor.js';
import { type Db, type Tables, tablesFor } from '../drizzle-db.js';
import type { Executor } from '../executor.js';
import type { FindingBulk } from '../finding-bulk.js';
import { first, stored } from '../rows.js';
import {
  FINDING_STATUSES,
  type FindingCounts,
  type FindingRepository,
  type FindingSeenMarks,
  type HiddenFindingColumn,
  type StoredFinding,
} from '../types.js';
import { findingFilters, findingOrder, projectTerm, seenBy } from './finding-query.js';
import { createFindingTriage } from './finding-triage.js';

type ShownRow = Omit<Tables['findings']['$inferSelect'], HiddenFindingColumn> &
  FindingSeenMarks & {
    data: Omit<Finding, 'id'>;
  };

function toFinding({ data, ...row }: ShownRow): StoredFinding {
  const s = stored(row);
  return { ...s, finding: { id: s.id, ...data, occurrences: s.occurrences } as Finding };
}

/**
 * The columns a finding is read with: all but the content hash and the search copies, where it was
 * last seen, and its JSON.
 */
function shownFindingColumns({ findings, findingData, findingSeen }: Tables) {
  const {
    contentHash: _h,
    title: _t,
    locationKind: _k,
    locator: _l,
    severityRank: _r,
    ...shown
  } = getTableColumns(findings);
  return {
    ...shown,
    occurrences: findingSeen.occurrences,
    lastSeenAt: findingSeen.lastSeenAt,
    lastScanId: findingSeen.lastScanId,
    data: findingData.data,
  };
}

const SEVERITY_OF_RANK: Partial<Record<number, Severity>> = Object.fromEntries(
  Object.entries(severityRank).map(([s, r]) => [r, s as Severity]),
);

/** Mean time to fix in ms, per dialect. */
const FIX_MS = {
  sqlite: sql<number | null>`avg((julianday(fixed_at) - julianday(first_seen_at)) * 86400000.0)`,
  postgres: sql<string | null>`avg(extract(epoch from (fixed_at - first_seen_at)) * 1000)`,
};

/** The reads, triage and ingest paths (the hand-written `bulk`) of findings. */
export function createFindingRepository(ex: Executor, bulk: FindingBulk): FindingRepository {
  const tables = tablesFor(ex.dialect);
  const { findings, findingData, findingSeen } = tables;
  const shown = shownFindingColumns(tables);
  const withData = eq(findingData.findingId, findings.id);
  const withSeen = eq(findingSeen.findingId, findings.id);

  const get = async (tenantId: string, id: string) => {
    const rows = await ex.read((db) =>
      db
        .select(shown)
        .from(findings)
        .innerJoin(findingData, withData)
        .innerJoin(findingSeen, withSeen)
        .where(and(eq(findings.tenantId, tenantId), eq(findings.id, id))),
    );
    const r = first(rows);
    return r && toFinding(r);
  };

  return {
    ...bulk,
    ...createFindingTriage(ex, get),
    get,
    async list(tenantId, query = {}) {
      const limit = pageLimit(query.limit);
      const order = findingOrder(tables, query);
      const where = findingFilters(findings, ex.dialect, tenantId, query, order.projectColumn);
      if (query.cursor) where.push(order.after(query.cursor));
      const rows = await ex.read((db: Db) =>
        seenBy(
          tables,
          db
            .select(shown)
            .from(findings)
            .innerJoin(findingData, withData)
            .innerJoin(findingSeen, withSeen)
            .$dynamic(),
          query.scanId,
        )
          .where(and(...where))
          .orderBy(...order.orderBy)
          .limit(limit + 1),
      );
      return toPage(rows.map(toFinding), limit, order.key);
    },
    async counts(tenantId, query) {
      // By rank, not severity name: a project's counts come from the (project, status, rank) index alone.
      const rows = await ex.read((db) =>
        seenBy(
          tables,
          db
            .select({ status: findings.status, rank: findings.severityRank, n: count() })
            .from(findings)
            .$dynamic(),
          query.scanId,
        )
          .where(projectTerm(tables, tenantId, query.projectId))
          .groupBy(findings.status, findings.severityRank),
      );
      const out = Object.fromEntries(
        FINDING_STATUSES.map((s) => [s, emptyCounts()]),
      ) as unknown as FindingCounts;
      out.total = 0;
      for (const r of rows) {
        out[r.status][SEVERITY_OF_RANK[r.rank] ?? 'info'] += r.n;
        out.total += r.n;
      }
      return out;
    },
    async hasFindings(tenantId, projectId) {
      const rows = await ex.read((db) =>
        db
          .select({ one: sql<number>`1` })
          .from(findings)
          .where(and(eq(findings.tenantId, tenantId), eq(findings.projectId, projectId)))
          .limit(1),
      );
      return rows.length > 0;
    },
    async lastSeenInScan(tenantId, projectId, scanId) {
      // The project's (`projectTerm`: the tenant's) marks, through the last-seen index.
      const owned = projectTerm(tables, tenantId, projectId, findingSeen.projectId);
      const rows = await ex.read((db) =>
        db
          .select({ at: max(findingSeen.lastSeenAt) })
          .from(findingSeen)
          .where(and(owned, eq(findingSeen.lastScanId, scanId))),
      );
      return rows[0]?.at ?? undefined;
    },
    async fixTimes(tenantId, projectId) {
      const where = [eq(findings.tenantId, tenantId), eq(findings.status, 'fixed')];
      if (projectId) where.push(eq(findings.projectId, projectId));
      where.push(sql`${findings.fixedAt} IS NOT NULL`);
      const rows = await ex.read((db) =>
        db
          .select({ n: count(), mean: FIX_MS[ex.dialect] })
          .from(findings)
          .where(and(...where)),
      );
      const r = rows[0];
      const mean = r?.mean === null || r?.mean === undefined ? undefined : Math.round(Number(r.mean));
      return { fixed: r?.n ?? 0, meanMs: mean };
    },
  };
}
