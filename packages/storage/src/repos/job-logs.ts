import { and, asc, eq, getTableColumns, gt } from 'drizzle-orm';
import { tablesFor } from '../drizzle-db.js';
import type { Executor } from '../executor.js';
import { nowIso } from '../rows.js';
import type { JobLogLevel, JobLogRepository } from '../types.js';

const LEVELS: readonly JobLogLevel[] = ['debug', 'info', 'warn', 'error'];

export function createJobLogRepository(ex: Executor): JobLogRepository {
  const { jobLogs, jobs } = tablesFor(ex.dialect);
  return {
    async append(jobId, message, level = 'info') {
      if (!LEVELS.includes(level))
        throw new TypeError(
          `@scanrelay/storage: log level must be one of ${LEVELS.join(', ')}, got "${level}"`,
        );
      const rows = await ex.write((db) =>
        db.insert(jobLogs).values({ jobId, level, message, at: nowIso() }).returning(),
      );
      return rows[0]!;
    },
    list: (tenantId, jobId, { afterSeq = 0, limit = 1000 } = {}) =>
      ex.read((db) =>
        db
          .select(getTableColumns(jobLogs))
          .from(jobLogs)
          .innerJoin(jobs, eq(jobs.id, jobLogs.jobId))
          .where(and(eq(jobs.tenantId, tenantId), eq(jobLogs.jobId, jobId), gt(jobLogs.seq, afterSeq)))
          .orderBy(asc(jobLogs.seq))
          .limit(Math.max(1, Math.min(limit, 10_000))),
      ),
  };
}
