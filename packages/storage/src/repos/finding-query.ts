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
export function tenantTerm(
  f: FindingsTable,
  dialect: Dialect,
  tenantId: string,
  projectId?: string,
  projectColumn: AnyColumn = f.projectId,
): SQL {
  if (!projectId) return eq(f.tenantId, tenantId);
  const tenant = dialect === 'sqlite' ? sql`+${f.tenantId} = ${tenantId}` : eq(f.tenantId, tenantId);
  return and(tenant, eq(projectColumn, projectId)) as SQL;
}

/**
 * `tenant_id = ?`, or, for one project, the project's rows when the project is the tenant's: every
 * finding has its project's tenant, so this needs no column of the finding but `project_id`, and
 * aggregates over a project are answered from an index alone.
 */
export function projectTerm(
  tables: Tables,
  tenantId: string,
  projectId?: string,
  projectColumn: AnyColumn = tables.findings.projectId,
): SQL {
  const { findings: f, projects: p } = tables;
  if (!projectId) return eq(f.tenantId, tenantId);
  const owned = sql`EXISTS (SELECT 1 FROM ${p} WHERE ${p.id} = ${projectId} AND ${p.tenantId} = ${tenantId})`;
  return and(eq(projectColumn, projectId), owned) as SQL;
}

/**
 * The WHERE terms of a finding list query (all but `scanId`, a join, and `cursor`). Throws
 * `InvalidQueryError` for a kind, search text, sort or order the store does not know. The project is
 * matched on `projectColumn` (the project column of the table whose index gives the order, see
 * `FindingOrder`).
 */
export function findingFilters(
  f: FindingsTable,
  dialect: Dialect,
  tenantId: string,
  query: FindingQuery,
  projectColumn?: AnyColumn,
): SQL[] {
  const where: SQL[] = [tenantTerm(f, dialect, tenantId, query.projectId, projectColumn)];
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
  /**
   * The project column of the table read in this order (its index starts with it): matching the
   * project there, and only there, lets the planner read a page in order from that index.
   */
  projectColumn: AnyColumn;
  /** The rows after the cursor's, in this order. */
  after(cursor: string): SQL;
  key(row: StoredFinding): string[];
}

interface SortColumns {
  /** The sort key and the finding id that breaks its ties, from one table (read from one index). */
  column: (t: Tables) => AnyColumn;
  id: (t: Tables) => AnyColumn;
  /** That table's project column, when it is not `findings`'. */
  project?: (t: Tables) => AnyColumn;
  part: CursorPart;
  key: (r: StoredFinding) => string;
}

const SORTS: Record<Exclude<FindingSort, 'id'>, SortColumns> = {
  severity: {
    column: (t) => t.findings.severityRank,
    id: (t) => t.findings.id,
    part: 'integer',
    key: (r) => String(severityRank[r.severity]),
  },
  first_seen: {
    column: (t) => t.findings.firstSeenAt,
    id: (t) => t.findings.id,
    part: 'timestamp',
    key: (r) => r.firstSeenAt,
  },
  last_seen: {
    column: (t) => t.findingSeen.lastSeenAt,
    id: (t) => t.findingSeen.findingId,
    project: (t) => t.findingSeen.projectId,
    part: 'timestamp',
    key: (r) => r.lastSeenAt,
  },
};

/** The order of `query.sort` and `query.order` (default id ascending), ties broken by id alike. */
export function findingOrder(tables: Tables, query: FindingQuery): FindingOrder {
  const f = tables.findings;
  const sort = query.sort ?? 'id';
  const order = query.order ?? 'asc';
  if (!(FINDING_SORTS as readonly string[]).includes(sort))
    throw new InvalidQueryError('sort', `expected one of ${FINDING_SORTS.join(', ')}`);
  if (order !== 'asc' && order !== 'desc') throw new InvalidQueryError('order', 'expected asc or desc');
  const dir = order === 'asc' ? asc : desc;
  const beyond = order === 'asc' ? gt : lt;
  if (sort === 'id') {
    return {
      orderBy: [dir(f.id)],
      projectColumn: f.projectId,
      after: (cursor) => beyond(f.id, decodeCursor(cursor, ['text'])[0]!),
      key: (r) => [r.id],
    };
  }
  const s = SORTS[sort];
  const col = s.column(tables);
  const id = s.id(tables);
  return {
    orderBy: [dir(col), dir(id)],
    projectColumn: s.project?.(tables) ?? f.projectId,
    after(cursor) {
      const [k, last] = decodeCursor(cursor, [s.part, 'text']) as [string, string];
      const value = s.part === 'integer' ? Number(k) : k;
      return or(beyond(col, value), and(eq(col, value), beyond(id, last))) as SQL;
    },
    key: (r) => [s.key(r), r.id],
  };
}
