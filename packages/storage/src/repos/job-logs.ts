import type { Executor, Row } from '../executor.js';
import { nowIso, num, str } from '../rows.js';
import type { JobLogLevel, JobLogLine, JobLogRepository } from '../types.js';

const LEVELS: readonly JobLogLevel[] = ['debug', 'info', 'warn', 'error'];

function toLine(r: Row): JobLogLine {
  return {
    seq: num(r.seq),
    jobId: str(r.job_id),
    level: str(r.level) as JobLogLevel,
    message: str(r.message),
    at: str(r.at),
  };
}

export function createJobLogRepository(ex: Executor): JobLogRepository {
  return {
    async append(jobId, message, level = 'info') {
      if (!LEVELS.includes(level))
        throw new TypeError(
          `@scanrelay/storage: log level must be one of ${LEVELS.join(', ')}, got "${level}"`,
        );
      const rows = await ex.runReturning(
        'INSERT INTO job_logs (job_id, level, message, at) VALUES (?, ?, ?, ?) RETURNING *',
        [jobId, level, message, nowIso()],
      );
      return toLine(rows[0]!);
    },
    async list(tenantId, jobId, { afterSeq = 0, limit = 1000 } = {}) {
      const rows = await ex.all(
        `SELECT l.* FROM job_logs l JOIN jobs j ON j.id = l.job_id
         WHERE j.tenant_id = ? AND l.job_id = ? AND l.seq > ? ORDER BY l.seq LIMIT ?`,
        [tenantId, jobId, afterSeq, Math.max(1, Math.min(limit, 10_000))],
      );
      return rows.map(toLine);
    },
  };
}
