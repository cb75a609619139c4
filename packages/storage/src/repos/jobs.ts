import { and, desc, eq, inArray, lt, or, type SQL, sql } from 'drizzle-orm';
import { decodeCursor, pageLimit, toPage } from '../cursor.js';
import { preparedQuery, tablesFor } from '../drizzle-db.js';
import type { Executor } from '../executor.js';
import { checkQueryText } from '../invalid-query-error.js';
import { asArray, first, nowIso, stored } from '../rows.js';
import { StorageError } from '../storage-error.js';
import { JOB_STATUSES, type JobPatch, type JobRepository, type JobStatus } from '../types.js';
import { uuidv7 } from '../uuidv7.js';

const FINISHED: ReadonlySet<JobStatus> = new Set(['completed', 'failed', 'dead']);

const p = (name: string) => sql.placeholder(name);

/** A new job, or none when the id exists: every webhook delivery and upload writes one. */
const insertJob = preparedQuery('scanrelay_job_insert', (db, { jobs }) =>
  db
    .insert(jobs)
    .values({
      id: p('id'),
      tenantId: p('tenantId'),
      type: p('type'),
      status: 'queued',
      progress: 0,
      attempts: 0,
      input: p('input'),
      createdAt: p('now'),
      updatedAt: p('now'),
    })
    .onConflictDoNothing({ target: jobs.id })
    .returning(),
);

export function createJobRepository(ex: Executor): JobRepository {
  const { jobs } = tablesFor(ex.dialect);
  const getWhere = async (where: SQL | undefined) =>
    first((await ex.read((db) => db.select().from(jobs).where(where))).map(stored));
  const getById = (id: string) => getWhere(eq(jobs.id, id));

  /** The columns a patch sets; started/finished times follow the status. */
  const toSet = (patch: JobPatch, now: string) => {
    const set: Partial<Record<keyof typeof jobs.$inferInsert, unknown>> = { updatedAt: now };
    if (patch.status !== undefined) {
      if (!(JOB_STATUSES as readonly string[]).includes(patch.status)) {
        throw new TypeError(
          `@scanrelay/storage: job status must be one of ${JOB_STATUSES.join(', ')}, got "${patch.status}"`,
        );
      }
      set.status = patch.status;
      if (patch.status === 'running') {
        set.startedAt = sql`COALESCE(${jobs.startedAt}, ${now})`;
        set.finishedAt = null;
      } else {
        set.finishedAt = FINISHED.has(patch.status) ? now : null;
      }
    }
    if (patch.progress !== undefined) set.progress = Math.max(0, Math.min(100, Math.round(patch.progress)));
    if (patch.result !== undefined) set.result = patch.result;
    if (patch.error !== undefined) set.error = patch.error;
    if (patch.input !== undefined) set.input = patch.input;
    if (patch.incrementAttempts) set.attempts = sql`${jobs.attempts} + 1`;
    return set as Partial<typeof jobs.$inferInsert>;
  };

  return {
    getById,
    get: (tenantId, id) => getWhere(and(eq(jobs.tenantId, tenantId), eq(jobs.id, id))),
    async create({ id = uuidv7(), tenantId, type, input }) {
      const now = nowIso();
      // A new job comes back from the INSERT itself; an existing id is read.
      // Without input the column is left NULL (a placeholder would store JSON null).
      const rows = await ex.write((db) =>
        input !== undefined && input !== null
          ? insertJob(db, ex.dialect, { id, tenantId, type, input, now })
          : db
              .insert(jobs)
              .values({
                id,
                tenantId,
                type,
                status: 'queued',
                progress: 0,
                attempts: 0,
                input,
                createdAt: now,
                updatedAt: now,
              })
              .onConflictDoNothing({ target: jobs.id })
              .returning(),
      );
      if (rows[0]) return stored(rows[0]);
      const job = await getById(id);
      if (!job || job.tenantId !== tenantId)
        throw new StorageError('conflict', `job id "${id}" belongs to another tenant`);
      return job;
    },
    async list(tenantId, query = {}) {
      const limit = pageLimit(query.limit);
      const where: (SQL | undefined)[] = [eq(jobs.tenantId, tenantId)];
      checkQueryText('type', query.type);
      if (query.type) where.push(eq(jobs.type, query.type));
      const statuses = asArray(query.status);
      if (statuses?.length) where.push(inArray(jobs.status, statuses));
      if (query.cursor) {
        const [createdAt, id] = decodeCursor(query.cursor, ['timestamp', 'text']) as [string, string];
        where.push(or(lt(jobs.createdAt, createdAt), and(eq(jobs.createdAt, createdAt), lt(jobs.id, id))));
      }
      const rows = await ex.read((db) =>
        db
          .select()
          .from(jobs)
          .where(and(...where))
          .orderBy(desc(jobs.createdAt), desc(jobs.id))
          .limit(limit + 1),
      );
      return toPage(rows.map(stored), limit, (j) => [j.createdAt, j.id]);
    },
    async update(id, patch) {
      const set = toSet(patch, nowIso());
      const rows = await ex.write((db) =>
        db.update(jobs).set(set).where(eq(jobs.id, id)).returning({ id: jobs.id }),
      );
      return rows.length > 0 ? getById(id) : undefined;
    },
  };
}
