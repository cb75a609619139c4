import {
  emptyCounts,
  type ScanKind,
  type ScanStatus,
  type SeverityCounts,
  type Verdict,
} from '@scanrelay/findings-schema';
import { decodeCursor, pageLimit, toPage } from '../cursor.js';
import { StorageError } from '../errors.js';
import type { Executor, Row } from '../executor.js';
import { asArray, inList, nowIso, optJson, optStr, parseJson, str, toJson } from '../rows.js';
import type { ScanInput, ScanPatch, ScanRepository, StoredScan } from '../types.js';
import { uuidv7 } from '../uuidv7.js';

/** jsonb does not keep key order: give counts back most severe first. */
function inSeverityOrder(c: SeverityCounts): SeverityCounts {
  return { critical: c.critical, high: c.high, medium: c.medium, low: c.low, info: c.info };
}

const SELECT = 'SELECT s.*, p.name AS project_name FROM scans s JOIN projects p ON p.id = s.project_id';

function toScan(r: Row): StoredScan {
  return {
    id: str(r.id),
    tenantId: str(r.tenant_id),
    projectId: str(r.project_id),
    project: str(r.project_name),
    provider: str(r.provider),
    kind: str(r.kind) as ScanKind,
    status: str(r.status) as ScanStatus,
    externalId: optStr(r.external_id),
    commitSha: optStr(r.commit_sha),
    target: optStr(r.target),
    counts: inSeverityOrder(parseJson<SeverityCounts>(r.counts)),
    verdict: optStr(r.verdict) as Verdict | undefined,
    score: r.score === null || r.score === undefined ? undefined : Number(r.score),
    ingest: optJson<Record<string, unknown>>(r.ingest),
    createdAt: str(r.created_at),
    startedAt: optStr(r.started_at),
    completedAt: optStr(r.completed_at),
    updatedAt: str(r.updated_at),
  };
}

const PATCH_COLUMNS: [keyof ScanPatch, string, boolean][] = [
  ['status', 'status', false],
  ['externalId', 'external_id', false],
  ['commitSha', 'commit_sha', false],
  ['target', 'target', false],
  ['counts', 'counts', true],
  ['verdict', 'verdict', false],
  ['score', 'score', false],
  ['ingest', 'ingest', true],
  ['startedAt', 'started_at', false],
  ['completedAt', 'completed_at', false],
];

export function createScanRepository(ex: Executor): ScanRepository {
  const get = async (tenantId: string, id: string) => {
    const r = await ex.get(`${SELECT} WHERE s.tenant_id = ? AND s.id = ?`, [tenantId, id]);
    return r ? toScan(r) : undefined;
  };

  const insert = async (tenantId: string, input: ScanInput, upsertKey: string | null): Promise<string> => {
    const owner = await ex.get('SELECT id FROM projects WHERE tenant_id = ? AND id = ?', [
      tenantId,
      input.projectId,
    ]);
    if (!owner)
      throw new StorageError(
        'invalid_input',
        `expected a project of this tenant, got project id "${input.projectId}"`,
      );
    const now = nowIso();
    const values = [
      input.id ?? uuidv7(),
      tenantId,
      input.projectId,
      input.provider,
      input.kind,
      input.status ?? 'pending',
      upsertKey,
      input.externalId ?? null,
      input.commitSha ?? null,
      input.target ?? null,
      JSON.stringify(input.counts ?? emptyCounts()),
      input.verdict ?? null,
      input.score ?? null,
      now,
      input.startedAt ?? null,
      input.completedAt ?? null,
      now,
    ];
    const columns = `(id, tenant_id, project_id, provider, kind, status, upsert_key, external_id, commit_sha, target,
      counts, verdict, score, created_at, started_at, completed_at, updated_at)`;
    const placeholders = inList(values);
    if (upsertKey === null) {
      await ex.run(`INSERT INTO scans ${columns} VALUES ${placeholders}`, values);
      return String(values[0]);
    }
    const rows = await ex.runReturning<{ id: string }>(
      `INSERT INTO scans ${columns} VALUES ${placeholders}
       ON CONFLICT (project_id, upsert_key) DO UPDATE SET kind = excluded.kind, status = excluded.status,
         external_id = excluded.external_id, commit_sha = excluded.commit_sha, target = excluded.target,
         counts = excluded.counts, verdict = excluded.verdict, score = excluded.score,
         started_at = excluded.started_at, completed_at = excluded.completed_at, updated_at = excluded.updated_at,
         ingest = NULL
       RETURNING id`,
      values,
    );
    // A new result replaces the old one: it sees its own findings (ingest links them again).
    await ex.run('DELETE FROM scan_findings WHERE scan_id = ?', [rows[0]!.id]);
    return rows[0]!.id;
  };

  // Reads right after a write go through the same executor: inside a transaction they see it.
  return {
    get,
    async create(tenantId, input) {
      return (await get(tenantId, await insert(tenantId, input, null)))!;
    },
    async upsertForProvider(tenantId, input) {
      return (await get(tenantId, await insert(tenantId, input, input.provider)))!;
    },
    async getByExternalId(tenantId, provider, externalId) {
      const r = await ex.get(
        `${SELECT} WHERE s.tenant_id = ? AND s.provider = ? AND s.external_id = ? ORDER BY s.created_at DESC, s.id DESC LIMIT 1`,
        [tenantId, provider, externalId],
      );
      return r ? toScan(r) : undefined;
    },
    async latestForProvider(tenantId, projectId, provider) {
      const r = await ex.get(
        `${SELECT} WHERE s.tenant_id = ? AND s.project_id = ? AND s.provider = ? ORDER BY s.created_at DESC, s.id DESC LIMIT 1`,
        [tenantId, projectId, provider],
      );
      return r ? toScan(r) : undefined;
    },
    async list(tenantId, query = {}) {
      const limit = pageLimit(query.limit);
      const where: string[] = [];
      const params: unknown[] = [];
      const add = (cond: string, ...values: unknown[]) => {
        where.push(cond);
        params.push(...values);
      };
      add('s.tenant_id = ?', tenantId);
      if (query.projectId) add('s.project_id = ?', query.projectId);
      if (query.provider) add('s.provider = ?', query.provider);
      if (query.kind) add('s.kind = ?', query.kind);
      const statuses = asArray(query.status);
      if (statuses?.length) add(`s.status IN ${inList(statuses)}`, ...statuses);
      if (query.cursor) {
        const [createdAt, id] = decodeCursor(query.cursor, 2);
        add('(s.created_at < ? OR (s.created_at = ? AND s.id < ?))', createdAt, createdAt, id);
      }
      const rows = await ex.all(
        `${SELECT} WHERE ${where.join(' AND ')} ORDER BY s.created_at DESC, s.id DESC LIMIT ?`,
        [...params, limit + 1],
      );
      return toPage(rows.map(toScan), limit, (s) => [s.createdAt, s.id]);
    },
    async update(tenantId, id, patch) {
      const sets: string[] = [];
      const params: unknown[] = [];
      for (const [key, column, isJson] of PATCH_COLUMNS) {
        if (patch[key] === undefined) continue;
        sets.push(`${column} = ?`);
        params.push(isJson ? toJson(patch[key]) : patch[key]);
      }
      sets.push('updated_at = ?');
      params.push(nowIso());
      const n = await ex.run(`UPDATE scans SET ${sets.join(', ')} WHERE tenant_id = ? AND id = ?`, [
        ...params,
        tenantId,
        id,
      ]);
      return n > 0 ? get(tenantId, id) : undefined;
    },
  };
}
