import { emptyCounts, type SeverityCounts } from '@scanrelay/findings-schema';
import { and, asc, desc, eq, getTableColumns, inArray, lt, or, type SQL, sql } from 'drizzle-orm';
import { decodeCursor, pageLimit, toPage } from '../cursor.js';
import { preparedQuery, type Tables, tablesFor } from '../drizzle-db.js';
import type { Executor } from '../executor.js';
import { checkQueryText } from '../invalid-query-error.js';
import { asArray, first, nowIso, stored } from '../rows.js';
import { StorageError } from '../storage-error.js';
import type { ScanInput, ScanRepository, StoredScan } from '../types.js';
import { uuidv7 } from '../uuidv7.js';

/** Columns a scan keeps from its creation: never patched, never replaced by an upsert. */
const KEPT = new Set(['id', 'tenantId', 'projectId', 'provider', 'upsertKey', 'origin', 'createdAt']);

/** The partial unique index that admits one active external SAST scan per project and provider. */
const ACTIVE_SAST_INDEX = 'scans_active_sast_uq';
const ACTIVE: ReadonlySet<string> = new Set(['pending', 'running']);

/** The driver's unique violation of `ACTIVE_SAST_INDEX` (PostgreSQL names it; SQLite its columns). */
function isActiveSastViolation(err: unknown): boolean {
  const e = err as { code?: string; constraint?: string; message?: string } | null;
  if (e?.code === '23505') return e.constraint === ACTIVE_SAST_INDEX;
  return (
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' && String(e.message).includes('scans.project_id, scans.provider')
  );
}

function activeSastConflict(provider: string | undefined, cause?: unknown): StorageError {
  const scan = provider === undefined ? 'a SAST scan of this provider' : `a "${provider}" SAST scan`;
  return new StorageError(
    'conflict',
    `${scan} of this project is already pending or running (one at a time per project and provider)`,
    cause === undefined ? undefined : { cause },
  );
}

/** Runs a write, turning a second active external SAST scan into StorageError `conflict`. */
async function guardActiveSast<T>(provider: string | undefined, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    throw isActiveSastViolation(err) ? activeSastConflict(provider, err) : err;
  }
}

/** jsonb does not keep key order: give counts back most severe first. */
function inSeverityOrder(c: SeverityCounts): SeverityCounts {
  return { critical: c.critical, high: c.high, medium: c.medium, low: c.low, info: c.info };
}

/** The defined values of `keys` in `from` (what callers may set; anything else is ignored). */
function pick(from: object, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const v = (from as Record<string, unknown>)[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}

const p = (name: string) => sql.placeholder(name);

/** A scan by tenant and id (`get`, hot: every webhook delivery and every write reads one). */
const getScan = preparedQuery('scanrelay_scan_get', (db, { scans, projects }) => {
  const { upsertKey: _, id, tenantId, projectId, ...rest } = getTableColumns(scans);
  return db
    .select({ id, tenantId, projectId, project: projects.name, ...rest })
    .from(scans)
    .innerJoin(projects, eq(projects.id, scans.projectId))
    .where(and(eq(scans.tenantId, p('tenantId')), eq(scans.id, p('id'))));
});

/** The project a new scan names, if it is the tenant's. */
const getOwner = preparedQuery('scanrelay_scan_owner', (db, { projects }) =>
  db
    .select({ id: projects.id, name: projects.name })
    .from(projects)
    .where(and(eq(projects.tenantId, p('tenantId')), eq(projects.id, p('projectId')))),
);

/**
 * A plain scan INSERT, prepared once per set of columns given and of those given as null (a
 * placeholder would encode null by its column: `"null"` for a JSON one). Callers give a few fixed
 * sets: every webhook delivery for a new scan gives the same one. SQLite only: on PostgreSQL a named
 * statement is built again in every transaction, which would save nothing.
 */
type InsertScan = ReturnType<typeof preparedQuery<Tables['scans']['$inferSelect'][]>>;
const insertScanBy = new Map<string, InsertScan>();
const INSERTS_KEPT = 64;
const preparedInsert = (values: Record<string, unknown>): InsertScan =>
  preparedQuery(`scanrelay_scan_insert_${insertScanBy.size}`, (db, { scans }) =>
    db
      .insert(scans)
      .values(
        Object.fromEntries(
          Object.entries(values).map(([k, v]) => [k, v === null ? null : p(k)]),
        ) as unknown as typeof scans.$inferInsert,
      )
      .returning(),
  );
/** The prepared INSERT for these values; undefined once too many column sets were seen. */
function insertScan(values: Record<string, unknown>): InsertScan | undefined {
  const signature = Object.entries(values)
    .map(([k, v]) => (v === null ? `${k}=null` : k))
    .join(',');
  let query = insertScanBy.get(signature);
  if (!query && insertScanBy.size < INSERTS_KEPT) {
    query = preparedInsert(values);
    insertScanBy.set(signature, query);
  }
  return query;
}

/** What every scan repository of a dialect derives from its tables: built once, not per transaction. */
function deriveShapes(tables: Tables) {
  const { scans, projects } = tables;
  const columns = getTableColumns(scans);
  const names = Object.keys(columns) as (keyof typeof columns)[];
  const replaced = names.filter((k) => !KEPT.has(k));
  const patchable = replaced.filter((k) => k !== 'kind' && k !== 'updatedAt');
  const creatable = [
    ...patchable.filter((k) => k !== 'ingest'),
    'id',
    'projectId',
    'provider',
    'kind',
    'origin',
  ];
  // A new result replaces the old one: every column but the kept ones, and no ingest report yet.
  const upsertSet = {
    ...Object.fromEntries(replaced.map((k) => [k, sql`excluded.${sql.identifier(columns[k].name)}`])),
    ingest: null,
  };
  const activeSast = sql`${scans.origin} = 'publish' AND ${scans.status} IN ('pending', 'running')`;
  const { upsertKey: _, id, tenantId, projectId, ...rest } = columns;
  const shape = { id, tenantId, projectId, project: projects.name, ...rest };
  return { patchable, creatable, upsertSet, activeSast, shape };
}
const shapesBy = new Map<Tables, ReturnType<typeof deriveShapes>>();

/**
 * Every column list here comes from the drizzle schema: a new column of `scans` is read, created,
 * patched and replaced by an upsert without an edit in this file.
 */
export function createScanRepository(ex: Executor): ScanRepository {
  const tables = tablesFor(ex.dialect);
  const { scans, projects, scanFindings } = tables;
  let shapes = shapesBy.get(tables);
  if (!shapes) {
    shapes = deriveShapes(tables);
    shapesBy.set(tables, shapes);
  }
  const { patchable, creatable, upsertSet, activeSast, shape } = shapes;

  /** Scans matching `where`, newest first (or in `order`). */
  const find = async (
    where: SQL | undefined,
    limit: number,
    order: SQL[] = [desc(scans.createdAt), desc(scans.id)],
  ): Promise<StoredScan[]> => {
    const rows = await ex.read((db) =>
      db
        .select(shape)
        .from(scans)
        .innerJoin(projects, eq(projects.id, scans.projectId))
        .where(where)
        .orderBy(...order)
        .limit(limit),
    );
    return rows.map((r) => ({ ...stored(r), counts: inSeverityOrder(r.counts) }));
  };
  /** A row the INSERT gave back, in `find`'s shape, so that a new scan is not read again. */
  const fromInserted = (row: typeof scans.$inferSelect, project: string): StoredScan => {
    const { upsertKey: _k, id, tenantId, projectId, ...others } = row;
    const r = { id, tenantId, projectId, project, ...others };
    return { ...stored(r), counts: inSeverityOrder(r.counts) };
  };
  const get = async (tenantId: string, id: string): Promise<StoredScan | undefined> => {
    const r = first(await ex.read((db) => getScan(db, ex.dialect, { tenantId, id })));
    return r && { ...stored(r), counts: inSeverityOrder(r.counts) };
  };

  /** The new scan's id, and the scan itself when the INSERT gave it back (no upsert). */
  const insert = async (
    tenantId: string,
    input: ScanInput,
    upsertKey: string | null,
  ): Promise<{ id: string; scan?: StoredScan }> => {
    const owner = await ex.read((db) => getOwner(db, ex.dialect, { tenantId, projectId: input.projectId }));
    if (owner.length === 0)
      throw new StorageError(
        'invalid_input',
        `expected a project of this tenant, got project id "${input.projectId}"`,
      );
    const now = nowIso();
    const values = {
      ...pick(input, creatable),
      id: input.id ?? uuidv7(),
      tenantId,
      status: input.status ?? 'pending',
      counts: input.counts ?? emptyCounts(),
      upsertKey,
      createdAt: now,
      updatedAt: now,
    } as typeof scans.$inferInsert;
    if (upsertKey === null) {
      const project = owner[0]!.name;
      if (values.origin !== 'publish' || !ACTIVE.has(values.status)) {
        const prepared = ex.dialect === 'sqlite' ? insertScan(values) : undefined;
        const rows = await ex.write((db) =>
          prepared ? prepared(db, ex.dialect, values) : db.insert(scans).values(values).returning(),
        );
        return { id: values.id, scan: fromInserted(rows[0]!, project) };
      }
      // No row back rather than a unique violation: inside a PostgreSQL transaction a violation would
      // abort the caller's whole transaction, this leaves it usable. `DO UPDATE … WHERE false` is
      // `DO NOTHING` on that index: drizzle renders DO NOTHING's index predicate where SQLite cannot
      // parse it.
      const rows = await ex.write((db) =>
        db
          .insert(scans)
          .values(values)
          .onConflictDoUpdate({
            target: [scans.projectId, scans.provider],
            targetWhere: activeSast,
            set: { id: sql`${scans.id}` },
            setWhere: sql`false`,
          })
          .returning(),
      );
      if (rows.length === 0) throw activeSastConflict(values.provider);
      return { id: values.id, scan: fromInserted(rows[0]!, project) };
    }
    const scanId = await guardActiveSast(values.provider, () =>
      ex.write(async (db) => {
        const rows = await db
          .insert(scans)
          .values(values)
          .onConflictDoUpdate({ target: [scans.projectId, scans.upsertKey], set: upsertSet })
          .returning({ id: scans.id });
        return rows[0]!.id;
      }),
    );
    // A new result replaces the old one: it sees its own findings (ingest links them again).
    await ex.write((db) => db.delete(scanFindings).where(eq(scanFindings.scanId, scanId)));
    return { id: scanId };
  };

  const newest = async (...where: SQL[]) => first(await find(and(...where), 1));

  // Reads right after a write go through the same executor: inside a transaction they see it.
  return {
    get,
    locate: async (id) => first(await find(eq(scans.id, id), 1)),
    async create(tenantId, input) {
      const { id, scan } = await insert(tenantId, input, null);
      return scan ?? (await get(tenantId, id))!;
    },
    async upsertForProvider(tenantId, input) {
      return (await get(tenantId, (await insert(tenantId, input, input.provider)).id))!;
    },
    getByExternalId: (tenantId, provider, externalId) =>
      newest(eq(scans.tenantId, tenantId), eq(scans.provider, provider), eq(scans.externalId, externalId)),
    latestForProvider: (tenantId, projectId, provider) =>
      newest(eq(scans.tenantId, tenantId), eq(scans.projectId, projectId), eq(scans.provider, provider)),
    async list(tenantId, query = {}) {
      const limit = pageLimit(query.limit);
      const where: (SQL | undefined)[] = [eq(scans.tenantId, tenantId)];
      if (query.projectId) where.push(eq(scans.projectId, query.projectId));
      checkQueryText('provider', query.provider);
      if (query.provider) where.push(eq(scans.provider, query.provider));
      if (query.kind) where.push(eq(scans.kind, query.kind));
      const statuses = asArray(query.status);
      if (statuses?.length) where.push(inArray(scans.status, statuses));
      checkQueryText('findingId', query.findingId);
      if (query.findingId)
        where.push(
          sql`exists (select 1 from ${scanFindings} where ${scanFindings.scanId} = ${scans.id} and ${scanFindings.findingId} = ${query.findingId})`,
        );
      if (query.cursor) {
        const [createdAt, id] = decodeCursor(query.cursor, ['timestamp', 'text']) as [string, string];
        where.push(or(lt(scans.createdAt, createdAt), and(eq(scans.createdAt, createdAt), lt(scans.id, id))));
      }
      const items = await find(and(...where), limit + 1);
      return toPage(items, limit, (s) => [s.createdAt, s.id]);
    },
    listStale: ({ provider, status, updatedBefore, limit = 100 }) =>
      find(
        and(eq(scans.provider, provider), inArray(scans.status, status), lt(scans.updatedAt, updatedBefore)),
        limit,
        [asc(scans.updatedAt), asc(scans.id)],
      ),
    async update(tenantId, id, patch) {
      const rows = await guardActiveSast(undefined, () =>
        ex.write((db) =>
          db
            .update(scans)
            .set({ ...pick(patch, patchable), updatedAt: nowIso() })
            .where(and(eq(scans.tenantId, tenantId), eq(scans.id, id)))
            .returning({ id: scans.id }),
        ),
      );
      return rows.length > 0 ? get(tenantId, id) : undefined;
    },
  };
}
