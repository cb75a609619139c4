import { emptyCounts, type Finding, type Severity } from '@scanrelay/findings-schema';
import { decodeCursor, pageLimit, toPage } from '../cursor.js';
import type { Executor, Row } from '../executor.js';
import type { FindingBulk } from '../finding-bulk.js';
import { asArray, inList, nowIso, num, optStr, parseJson, str } from '../rows.js';
import {
  FINDING_STATUSES,
  type FindingCounts,
  type FindingRepository,
  type FindingStatus,
  type StoredFinding,
} from '../types.js';

const COLUMNS = `f.id, f.tenant_id, f.project_id, f.fingerprint, f.tool, f.scanner, f.rule_id, f.severity, f.status,
  f.occurrences, f.first_seen_at, f.last_seen_at, f.first_scan_id, f.last_scan_id, f.fixed_at, f.data`;

function toFinding(r: Row): StoredFinding {
  const id = str(r.id);
  const occurrences = num(r.occurrences);
  const data = parseJson<Omit<Finding, 'id'>>(r.data);
  return {
    id,
    tenantId: str(r.tenant_id),
    projectId: str(r.project_id),
    fingerprint: str(r.fingerprint),
    tool: str(r.tool),
    scanner: str(r.scanner),
    ruleId: str(r.rule_id),
    severity: str(r.severity) as Severity,
    status: str(r.status) as FindingStatus,
    occurrences,
    firstSeenAt: str(r.first_seen_at),
    lastSeenAt: str(r.last_seen_at),
    firstScanId: str(r.first_scan_id),
    lastScanId: str(r.last_scan_id),
    fixedAt: optStr(r.fixed_at),
    finding: { id, ...data, occurrences } as Finding,
  };
}

function checkStatus(status: string): void {
  if (!(FINDING_STATUSES as readonly string[]).includes(status)) {
    throw new TypeError(
      `@scanrelay/storage: finding status must be one of ${FINDING_STATUSES.join(', ')}, got "${status}"`,
    );
  }
}

export function createFindingRepository(ex: Executor, bulk: FindingBulk): FindingRepository {
  const get = async (tenantId: string, id: string) => {
    const r = await ex.get(`SELECT ${COLUMNS} FROM findings f WHERE f.tenant_id = ? AND f.id = ?`, [
      tenantId,
      id,
    ]);
    return r ? toFinding(r) : undefined;
  };
  return {
    ...bulk,
    get,
    async list(tenantId, query = {}) {
      const limit = pageLimit(query.limit);
      const where: string[] = [];
      const params: unknown[] = [];
      const add = (cond: string, ...values: unknown[]) => {
        where.push(cond);
        params.push(...values);
      };
      let from = 'findings f';
      if (query.scanId) {
        from += ' JOIN scan_findings sf ON sf.finding_id = f.id AND sf.scan_id = ?';
        params.push(query.scanId);
      }
      add('f.tenant_id = ?', tenantId);
      if (query.projectId) add('f.project_id = ?', query.projectId);
      const severities = asArray(query.severity);
      if (severities?.length) add(`f.severity IN ${inList(severities)}`, ...severities);
      const statuses = asArray(query.status);
      if (statuses?.length) add(`f.status IN ${inList(statuses)}`, ...statuses);
      if (query.tool) add('f.tool = ?', query.tool.toLowerCase());
      if (query.cursor) add('f.id > ?', String(decodeCursor(query.cursor, 1)[0]));
      const rows = await ex.all(
        `SELECT ${COLUMNS} FROM ${from} WHERE ${where.join(' AND ')} ORDER BY f.id LIMIT ?`,
        [...params, limit + 1],
      );
      return toPage(rows.map(toFinding), limit, (f) => [f.id]);
    },
    async counts(tenantId, query) {
      const params: unknown[] = [];
      let from = 'findings f';
      if (query.scanId) {
        from += ' JOIN scan_findings sf ON sf.finding_id = f.id AND sf.scan_id = ?';
        params.push(query.scanId);
      }
      params.push(tenantId);
      let where = 'f.tenant_id = ?';
      if (query.projectId) {
        where += ' AND f.project_id = ?';
        params.push(query.projectId);
      }
      const rows = await ex.all<{ status: FindingStatus; severity: Severity; n: unknown }>(
        `SELECT f.status, f.severity, count(*) AS n FROM ${from} WHERE ${where} GROUP BY f.status, f.severity`,
        params,
      );
      const out = Object.fromEntries(
        FINDING_STATUSES.map((s) => [s, emptyCounts()]),
      ) as unknown as FindingCounts;
      out.total = 0;
      for (const r of rows) {
        out[r.status][r.severity] += num(r.n);
        out.total += num(r.n);
      }
      return out;
    },
    async lastSeenInScan(tenantId, projectId, scanId) {
      const r = await ex.get(
        'SELECT max(last_seen_at) AS at FROM findings WHERE tenant_id = ? AND project_id = ? AND last_scan_id = ?',
        [tenantId, projectId, scanId],
      );
      return optStr(r?.at);
    },
    async setStatus(tenantId, id, status) {
      checkStatus(status);
      const fixedAt = status === 'fixed' ? nowIso() : null;
      const n = await ex.run('UPDATE findings SET status = ?, fixed_at = ? WHERE tenant_id = ? AND id = ?', [
        status,
        fixedAt,
        tenantId,
        id,
      ]);
      return n > 0 ? get(tenantId, id) : undefined;
    },
  };
}
