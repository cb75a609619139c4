import { decodeCursor, pageLimit, toPage } from '../cursor.js';
import { StorageError } from '../errors.js';
import type { Executor, Row } from '../executor.js';
import { asArray, inList, nowIso, num, optJson, optStr, str, toJson } from '../rows.js';
import { JOB_STATUSES, type JobRecord, type JobRepository, type JobStatus } from '../types.js';
import { uuidv7 } from '../uuidv7.js';

const FINISHED: ReadonlySet<JobStatus> = new Set(['completed', 'failed', 'dead']);

function toJob(r: Row): JobRecord {
  return {
    id: str(r.id),
    tenantId: str(r.tenant_id),
    type: str(r.type),
    status: str(r.status) as JobStatus,
    progress: num(r.progress),
    attempts: num(r.attempts),
    input: optJson(r.input),
    result: optJson(r.result),
    error: optStr(r.error),
    createdAt: str(r.created_at),
    startedAt: optStr(r.started_at),
    finishedAt: optStr(r.finished_at),
    updatedAt: str(r.updated_at),
  };
}

export function createJobRepository(ex: Executor): JobRepository {
  const getById = async (id: string) => {
    const r = await ex.get('SELECT * FROM jobs WHERE id = ?', [id]);
    return r ? toJob(r) : undefined;
  };
  return {
    getById,
    async get(tenantId, id) {
      const r = await ex.get('SELECT * FROM jobs WHERE tenant_id = ? AND id = ?', [tenantId, id]);
      return r ? toJob(r) : undefined;
    },
    async create({ id = uuidv7(), tenantId, type, input }) {
      const now = nowIso();
      await ex.run(
        `INSERT INTO jobs (id, tenant_id, type, status, progress, attempts, input, created_at, updated_at)
         VALUES (?, ?, ?, 'queued', 0, 0, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
        [id, tenantId, type, toJson(input), now, now],
      );
      const job = await getById(id);
      if (!job || job.tenantId !== tenantId)
        throw new StorageError('conflict', `job id "${id}" belongs to another tenant`);
      return job;
    },
    async list(tenantId, query = {}) {
      const limit = pageLimit(query.limit);
      const where = ['tenant_id = ?'];
      const params: unknown[] = [tenantId];
      if (query.type) {
        where.push('type = ?');
        params.push(query.type);
      }
      const statuses = asArray(query.status);
      if (statuses?.length) {
        where.push(`status IN ${inList(statuses)}`);
        params.push(...statuses);
      }
      if (query.cursor) {
        const [createdAt, id] = decodeCursor(query.cursor, 2);
        where.push('(created_at < ? OR (created_at = ? AND id < ?))');
        params.push(createdAt, createdAt, id);
      }
      const rows = await ex.all(
        `SELECT * FROM jobs WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT ?`,
        [...params, limit + 1],
      );
      return toPage(rows.map(toJob), limit, (j) => [j.createdAt, j.id]);
    },
    async update(id, patch) {
      const now = nowIso();
      const sets = ['updated_at = ?'];
      const params: unknown[] = [now];
      if (patch.status !== undefined) {
        if (!(JOB_STATUSES as readonly string[]).includes(patch.status)) {
          throw new TypeError(
            `@scanrelay/storage: job status must be one of ${JOB_STATUSES.join(', ')}, got "${patch.status}"`,
          );
        }
        sets.push('status = ?');
        params.push(patch.status);
        if (patch.status === 'running') {
          sets.push('started_at = COALESCE(started_at, ?)', 'finished_at = NULL');
          params.push(now);
        } else if (FINISHED.has(patch.status)) {
          sets.push('finished_at = ?');
          params.push(now);
        } else {
          sets.push('finished_at = NULL');
        }
      }
      if (patch.progress !== undefined) {
        sets.push('progress = ?');
        params.push(Math.max(0, Math.min(100, Math.round(patch.progress))));
      }
      if (patch.result !== undefined) {
        sets.push('result = ?');
        params.push(toJson(patch.result));
      }
      if (patch.error !== undefined) {
        sets.push('error = ?');
        params.push(patch.error);
      }
      if (patch.incrementAttempts) sets.push('attempts = attempts + 1');
      const n = await ex.run(`UPDATE jobs SET ${sets.join(', ')} WHERE id = ?`, [...params, id]);
      return n > 0 ? getById(id) : undefined;
    },
  };
}
