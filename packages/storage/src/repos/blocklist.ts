import { type Severity, severityRank } from '@scanrelay/findings-schema';
import type { Executor, Row } from '../executor.js';
import { bool, nowIso, optJson, str, toJson } from '../rows.js';
import type { BlocklistEntry, BlocklistInput, BlocklistRepository } from '../types.js';
import { uuidv7 } from '../uuidv7.js';

function toEntry(r: Row): BlocklistEntry {
  return {
    id: str(r.id),
    tenantId: str(r.tenant_id),
    projectId: str(r.project_id),
    reason: str(r.reason),
    severity: str(r.severity) as Severity,
    threatType: str(r.threat_type),
    evidence: optJson(r.evidence),
    discoveredBy: str(r.discovered_by),
    active: bool(r.active),
    createdAt: str(r.created_at),
    updatedAt: str(r.updated_at),
  };
}

const RANK_SQL = `(CASE severity ${Object.entries(severityRank)
  .map(([s, r]) => `WHEN '${s}' THEN ${r}`)
  .join(' ')} ELSE -1 END)`;

function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** Creates the active entry of a project and threat type, or escalates the one there is. */
function upsertOnce(ex: Executor, input: BlocklistInput): Promise<BlocklistEntry> {
  return ex.transaction(async (tx) => {
    const owner = await tx.get('SELECT id FROM projects WHERE tenant_id = ? AND id = ?', [
      input.tenantId,
      input.projectId,
    ]);
    if (!owner) throw new TypeError(`@scanrelay/storage: project "${input.projectId}" is not this tenant's`);
    const now = nowIso();
    const current = await tx.get(
      'SELECT * FROM blocklist WHERE project_id = ? AND threat_type = ? AND active = ?',
      [input.projectId, input.threatType, true],
    );
    if (!current) {
      const rows = await tx.runReturning(
        `INSERT INTO blocklist (id, tenant_id, project_id, reason, severity, threat_type, evidence, discovered_by, active,
           created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
        [
          uuidv7(),
          input.tenantId,
          input.projectId,
          input.reason,
          input.severity,
          input.threatType,
          toJson(input.evidence),
          input.discoveredBy,
          true,
          now,
          now,
        ],
      );
      return toEntry(rows[0]!);
    }
    const entry = toEntry(current);
    // Escalate only: a lower or equal severity leaves the entry as it is. The rank is compared in
    // the UPDATE itself, so a concurrent escalation that committed first is never lowered.
    if (severityRank[input.severity] <= severityRank[entry.severity]) return entry;
    const rows = await tx.runReturning(
      `UPDATE blocklist SET severity = ?, reason = ?, evidence = ?, discovered_by = ?, updated_at = ?
       WHERE id = ? AND ${RANK_SQL} < ? RETURNING *`,
      [
        input.severity,
        input.reason,
        toJson(input.evidence),
        input.discoveredBy,
        now,
        entry.id,
        severityRank[input.severity],
      ],
    );
    if (rows[0]) return toEntry(rows[0]);
    return toEntry((await tx.get('SELECT * FROM blocklist WHERE id = ?', [entry.id]))!);
  });
}

export function createBlocklistRepository(ex: Executor): BlocklistRepository {
  return {
    async listActive(tenantId, projectId) {
      const rows = projectId
        ? await ex.all(
            'SELECT * FROM blocklist WHERE tenant_id = ? AND project_id = ? AND active = ? ORDER BY created_at, id',
            [tenantId, projectId, true],
          )
        : await ex.all('SELECT * FROM blocklist WHERE tenant_id = ? AND active = ? ORDER BY created_at, id', [
            tenantId,
            true,
          ]);
      return rows.map(toEntry);
    },
    async upsert(input) {
      if (!(input.severity in severityRank))
        throw new TypeError(`@scanrelay/storage: unknown severity "${input.severity}"`);
      try {
        return await upsertOnce(ex, input);
      } catch (err) {
        // Two first entries raced (PostgreSQL): the unique index kept one; escalate that one.
        if (ex.inTransaction || !isUniqueViolation(err)) throw err;
        return upsertOnce(ex, input);
      }
    },
    async isBlocked(tenantId, projectId) {
      const r = await ex.get(
        'SELECT 1 AS one FROM blocklist WHERE tenant_id = ? AND project_id = ? AND active = ? LIMIT 1',
        [tenantId, projectId, true],
      );
      return r !== undefined;
    },
    async deactivate(tenantId, id) {
      const n = await ex.run(
        'UPDATE blocklist SET active = ?, updated_at = ? WHERE tenant_id = ? AND id = ? AND active = ?',
        [false, nowIso(), tenantId, id, true],
      );
      return n > 0;
    },
  };
}
