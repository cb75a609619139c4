import { severityRank } from '@scanrelay/findings-schema';
import { type AnyColumn, and, asc, desc, eq, gt, inArray, lt, or, type SQL, sql } from 'drizzle-orm';
import { type CursorPart, decodeCursor } from '../cursor.js';
import type { Tables } from '../drizzle-db.js';
import { checkQueryText, InvalidQueryError } from '../invalid-query-error.js';
import { asArray } from '../rows.js';
import {
  type Dialect,
  FINDING_LOCATION_KINDS,
  FINDING_SEARCH_MAX,
  FINDING_SORTS,
  type FindingQuery,
  type FindingSort,
  type StoredFinding,
} from '../types.js';

type FindingsTable = Tables['findings'];

/** Only the findings a scan saw, when `scanId` is given. */
export function seenBy<Q extends { innerJoin: (t: Tables['scanFindings'], on: SQL | undefined) => Q }>(
  tables: Tables,
  q: Q,
  scanId: string | undefined,
): Q {
  const { findings, scanFindings } = tables;
  return scanId
    ? q.innerJoin(scanFindings, and(eq(scanFindings.findingId, findings.id), eq(scanFindings.scanId, scanId)))
    : q;
}

/** `%`, `_` and the escape character itself, escaped for `LIKE … ESCAPE '\'`. */
function likeContains(q: string): string {
  return `%${q.replace(/[\\%_]/g, '\\$&')}%`;
}

/**
 * `tenant_id = ?`, and `project_id = ?` when given. On SQLite a project's rows are found through
 * the index of the query's order (`project_id, <sort key>, id`), which reads a page in order and
 * stops at its limit: the `+` keeps the planner off the (tenant, project, fingerprint) index, which
 * matches one more column but returns the project's rows in no useful order (all of them read and
 * sorted: a second on 100k findings).
 */
export function tenantTerm(f: FindingsTable, dialect: Dialect, tenantId: string, projectId?: string): SQL {
  if (!projectId) return eq(f.tenantId, tenantId);
  const tenant = dialect === 'sqlite' ? sql`+${f.tenantId} = ${tenantId}` : eq(f.tenantId, tenantId);
  return and(tenant, eq(f.projectId, projectId)) as SQL;
}

/**
 * `tenant_id = ?`, or, for one project, the project's rows when the project is the tenant's: every
 * finding has its project's tenant, so this needs no column of the finding but `project_id`, and
 * aggregates over a project are answered from an index alone.
 */
export function projectTerm(tables: Tables, tenantId: string, projectId?: string): SQL {
  const { findings: f, projects: p } = tables;
  if (!projectId) return eq(f.tenantId, tenantId);
  const owned = sql`EXISTS (SELECT 1 FROM ${p} WHERE ${p.id} = ${projectId} AND ${p.tenantId} = ${tenantId})`;
  return and(eq(f.projectId, projectId), owned) as SQL;
}

/**
 * The WHERE terms of a finding list query (all but `scanId`, a join, and `cursor`). Throws
 * `InvalidQueryError` for a kind, search text, sort or order the store does not know.
 */
export function findingFilters(
  f: FindingsTable,
  dialect: Dialect,
  tenantId: string,
  query: FindingQuery,
): SQL[] {
  const where: SQL[] = [tenantTerm(f, dialect, tenantId, query.projectId)];
  const severities = asArray(query.severity);
  // By rank: the (project, status, rank) index answers status and severity filters together.
  if (severities?.length)
    where.push(
      inArray(
        f.severityRank,
        severities.map((v) => severityRank[v] ?? -1),
      ),
    );
  const statuses = asArray(query.status);
  if (statuses?.length) where.push(inArray(f.status, statuses));
  checkQueryText('tool', query.tool);
  if (query.tool) where.push(eq(f.tool, query.tool.toLowerCase()));
  if (query.kind !== undefined) {
    if (!(FINDING_LOCATION_KINDS as readonly string[]).includes(query.kind))
      throw new InvalidQueryError('kind', `expected one of ${FINDING_LOCATION_KINDS.join(', ')}`);
    where.push(eq(f.locationKind, query.kind));
  }
  if (query.q) where.push(searchTerm(f, dialect, query.q));
  return where;
}

/** Case-insensitive substring of the title, rule id or locator (SQLite folds ASCII letters only). */
function searchTerm(f: FindingsTable, dialect: Dialect, q: string): SQL {
  checkQueryText('q', q);
  if (q.length > FINDING_SEARCH_MAX)
    throw new InvalidQueryError('q', `at most ${FINDING_SEARCH_MAX} characters, got ${q.length}`);
  const p = likeContains(q);
  const op = sql.raw(dialect === 'postgres' ? 'ILIKE' : 'LIKE');
  const like = (col: AnyColumn) => sql`${col} ${op} ${p} ESCAPE '\\'`;
  return or(like(f.title), like(f.ruleId), like(f.locator)) as SQL;
}

/** How a list is ordered and paged under one sort: the ORDER BY, the keyset term, the cursor key. */
export interface FindingOrder {
  orderBy: SQL[];
  /** The rows after the cursor's, in this order. */
  after(cursor: string): SQL;
  key(row: StoredFinding): string[];
}

const SORTS: Record<
  FindingSort,
  { column: (f: FindingsTable) => AnyColumn; part: CursorPart; key: (r: StoredFinding) => string }
> = {
  id: { column: (f) => f.id, part: 'text', key: (r) => r.id },
  severity: { column: (f) => f.severityRank, part: 'integer', key: (r) => String(severityRank[r.severity]) },
  first_seen: { column: (f) => f.firstSeenAt, part: 'timestamp', key: (r) => r.firstSeenAt },
  last_seen: { column: (f) => f.lastSeenAt, part: 'timestamp', key: (r) => r.lastSeenAt },
};

/** The order of `query.sort` and `query.order` (default id ascending), ties broken by id alike. */
export function findingOrder(f: FindingsTable, query: FindingQuery): FindingOrder {
  const sort = query.sort ?? 'id';
  const order = query.order ?? 'asc';
  if (!(FINDING_SORTS as readonly string[]).includes(sort))
    throw new InvalidQueryError('sort', `expected one of ${FINDING_SORTS.join(', ')}`);
  if (order !== 'asc' && order !== 'desc') throw new InvalidQueryError('order', 'expected asc or desc');
  const s = SORTS[sort];
  const col = s.column(f);
  const dir = order === 'asc' ? asc : desc;
  const beyond = order === 'asc' ? gt : lt;
  if (sort === 'id') {
    return {
      orderBy: [dir(f.id)],
      after: (cursor) => beyond(f.id, decodeCursor(cursor, ['text'])[0]!),
      key: (r) => [r.id],
    };
  }
  return {
    orderBy: [dir(col), dir(f.id)],
    after(cursor) {
      const [k, id] = decodeCursor(cursor, [s.part, 'text']) as [string, string];
      const value = s.part === 'integer' ? Number(k) : k;
      return or(beyond(col, value), and(eq(col, value), beyond(f.id, id))) as SQL;
    },
    key: (r) => [s.key(r), r.id],
  };
}
