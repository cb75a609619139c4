import { severityRank } from '@scanrelay/findings-schema';
import { and, asc, eq, lt, sql } from 'drizzle-orm';
import { tablesFor } from '../drizzle-db.js';
import type { Executor } from '../executor.js';
import { first, nowIso, stored } from '../rows.js';
import type { BlocklistEntry, BlocklistInput, BlocklistRepository } from '../types.js';
import { uuidv7 } from '../uuidv7.js';

const RANK_SQL = sql.raw(
  `(CASE severity ${Object.entries(severityRank)
    .map(([s, r]) => `WHEN '${s}' THEN ${r}`)
    .join(' ')} ELSE -1 END)`,
);

function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** Creates the active entry of a project and threat type, or escalates the one there is. */
function upsertOnce(ex: Executor, input: BlocklistInput): Promise<BlocklistEntry> {
  const { blocklist: b, projects } = tablesFor(ex.dialect);
  return ex.transaction(async (tx) => {
    const owner = await tx.read((db) =>
      db
        .select({ id: projects.id })
        .from(projects)
        .where(and(eq(projects.tenantId, input.tenantId), eq(projects.id, input.projectId))),
    );
    if (owner.length === 0)
      throw new TypeError(`@scanrelay/storage: project "${input.projectId}" is not this tenant's`);
    const now = nowIso();
    const current = first(
      await tx.read((db) =>
        db
          .select()
          .from(b)
          .where(
            and(eq(b.projectId, input.projectId), eq(b.threatType, input.threatType), eq(b.active, true)),
          ),
      ),
    );
    if (!current) {
      const rows = await tx.write((db) =>
        db
          .insert(b)
          .values({ ...input, id: uuidv7(), active: true, createdAt: now, updatedAt: now })
          .returning(),
      );
      return stored(rows[0]!);
    }
    const entry = stored(current);
    // Escalate only: a lower or equal severity leaves the entry as it is. The rank is compared in
    // the UPDATE itself, so a concurrent escalation that committed first is never lowered.
    if (severityRank[input.severity] <= severityRank[entry.severity]) return entry;
    const { severity, reason, evidence, discoveredBy } = input;
    const rows = await tx.write((db) =>
      db
        .update(b)
        .set({ severity, reason, evidence: evidence ?? null, discoveredBy, updatedAt: now })
        .where(and(eq(b.id, entry.id), lt(RANK_SQL, severityRank[input.severity])))
        .returning(),
    );
    if (rows[0]) return stored(rows[0]);
    return stored((await tx.read((db) => db.select().from(b).where(eq(b.id, entry.id))))[0]!);
  });
}

export function createBlocklistRepository(ex: Executor): BlocklistRepository {
  const { blocklist: b } = tablesFor(ex.dialect);
  const activeOf = (tenantId: string, projectId?: string) =>
    and(
      eq(b.tenantId, tenantId),
      projectId === undefined ? undefined : eq(b.projectId, projectId),
      eq(b.active, true),
    );
  return {
    async listActive(tenantId, projectId) {
      const rows = await ex.read((db) =>
        db.select().from(b).where(activeOf(tenantId, projectId)).orderBy(asc(b.createdAt), asc(b.id)),
      );
      return rows.map(stored);
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
      const rows = await ex.read((db) =>
        db.select({ id: b.id }).from(b).where(activeOf(tenantId, projectId)).limit(1),
      );
      return rows.length > 0;
    },
    async deactivate(tenantId, id) {
      const rows = await ex.write((db) =>
        db
          .update(b)
          .set({ active: false, updatedAt: nowIso() })
          .where(and(eq(b.tenantId, tenantId), eq(b.id, id), eq(b.active, true)))
          .returning({ id: b.id }),
      );
      return rows.length > 0;
    },
    async update(tenantId, id, patch) {
      const set: Partial<typeof b.$inferInsert> = { updatedAt: nowIso() };
      if (patch.reason !== undefined) {
        if (!patch.reason.trim())
          throw new TypeError('@scanrelay/storage: a blocklist reason must not be empty');
        set.reason = patch.reason;
      }
      if (patch.evidence !== undefined) set.evidence = patch.evidence;
      const rows = await ex.write((db) =>
        db
          .update(b)
          .set(set)
          .where(and(eq(b.tenantId, tenantId), eq(b.id, id), eq(b.active, true)))
          .returning(),
      );
      return rows[0] && stored(rows[0]);
    },
    async deactivateProject(tenantId, projectId, threatType) {
      const rows = await ex.write((db) =>
        db
          .update(b)
          .set({ active: false, updatedAt: nowIso() })
          .where(
            and(
              activeOf(tenantId, projectId),
              threatType === undefined ? undefined : eq(b.threatType, threatType),
            ),
          )
          .returning({ id: b.id }),
      );
      return rows.length;
    },
  };
}
