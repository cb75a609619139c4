import type { SeverityCounts } from '@scanrelay/findings-schema';
import { and, asc, eq, getTableColumns, or, sql } from 'drizzle-orm';
import { tablesFor } from '../drizzle-db.js';
import { excludedSet } from '../excluded-set.js';
import type { Executor } from '../executor.js';
import { stored } from '../rows.js';
import { StorageError } from '../storage-error.js';
import type { SastResultRecord, SastResultRepository } from '../types.js';

type Row = ReturnType<typeof tablesFor>['sastResults']['$inferSelect'];

const TIMES = ['scanCreatedAt', 'startedAt', 'finishedAt', 'receivedAt'] as const;

/** jsonb does not keep key order: give counts back most severe first. */
function inSeverityOrder(c: SeverityCounts): SeverityCounts {
  return { critical: c.critical, high: c.high, medium: c.medium, low: c.low, info: c.info };
}

/** A row as the record callers wrote (NULL columns absent). */
function toRecord(row: Row): SastResultRecord {
  const record = stored(row);
  for (const k of Object.keys(record) as (keyof typeof record)[])
    if (record[k] === undefined) delete record[k];
  return { ...record, counts: inSeverityOrder(record.counts) };
}

/**
 * The record as it is written: every time as `Date#toISOString()`, so SQLite's text comparison
 * orders them like PostgreSQL's timestamptz (misuse, such as an unreadable time, is a TypeError).
 */
function toRow(record: SastResultRecord): Row {
  const times = Object.fromEntries(
    TIMES.map((k) => {
      const t = new Date(record[k]);
      if (Number.isNaN(t.getTime()))
        throw new TypeError(`@scanrelay/storage: ${k} must be an ISO time, got "${record[k]}"`);
      return [k, t.toISOString()];
    }),
  ) as Pick<Row, (typeof TIMES)[number]>;
  return {
    tenantId: record.tenantId,
    projectId: record.projectId,
    provider: record.provider,
    scanId: record.scanId,
    repoUrl: record.repoUrl,
    commitSha: record.commitSha ?? null,
    status: record.status,
    error: record.error ?? null,
    verdict: record.verdict,
    counts: record.counts,
    score: record.score,
    tool: record.tool,
    findings: record.findings,
    attestation: record.attestation ?? null,
    attestationKeyId: record.attestationKeyId ?? null,
    deliveryId: record.deliveryId,
    bodyDigest: record.bodyDigest,
    ...times,
  };
}

export function createSastResultRepository(ex: Executor): SastResultRepository {
  const { sastResults: r, projects } = tablesFor(ex.dialect);
  const replaced = excludedSet(getTableColumns(r), ['tenantId', 'projectId', 'provider']);
  const get = async (tenantId: string, projectId: string, provider: string) => {
    const rows = await ex.read((db) =>
      db
        .select()
        .from(r)
        .where(and(eq(r.tenantId, tenantId), eq(r.projectId, projectId), eq(r.provider, provider))),
    );
    return rows[0] && toRecord(rows[0]);
  };
  return {
    get,
    async upsert(record) {
      const row = toRow(record);
      const owner = await ex.read((db) =>
        db
          .select({ id: projects.id })
          .from(projects)
          .where(and(eq(projects.tenantId, row.tenantId), eq(projects.id, row.projectId))),
      );
      if (owner.length === 0)
        throw new StorageError(
          'invalid_input',
          `expected a project of this tenant, got project id "${row.projectId}"`,
        );
      // One statement: the stored row is replaced only when it answers a dispatch no newer than this
      // one (or the same scan). PostgreSQL locks the conflicting row and judges its latest version;
      // SQLite has one writer: two replicas racing cannot both replace a newer result.
      const written = await ex.write((db) =>
        db
          .insert(r)
          .values(row)
          .onConflictDoUpdate({
            target: [r.tenantId, r.projectId, r.provider],
            set: replaced,
            setWhere: or(
              sql`${r.scanCreatedAt} <= excluded.${sql.identifier('scan_created_at')}`,
              sql`${r.scanId} = excluded.${sql.identifier('scan_id')}`,
            ),
          })
          .returning(),
      );
      if (written[0]) return { current: true, record: toRecord(written[0]) };
      const kept = await get(row.tenantId, row.projectId, row.provider);
      return { current: false, record: kept! };
    },
    async listForProject(tenantId, projectId) {
      const rows = await ex.read((db) =>
        db
          .select()
          .from(r)
          .where(and(eq(r.tenantId, tenantId), eq(r.projectId, projectId)))
          .orderBy(asc(r.provider)),
      );
      return rows.map(toRecord);
    },
  };
}
