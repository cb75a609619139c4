import { emptyCounts, type Severity, severityRank } from '@scanrelay/findings-schema';
import type { Executor } from '../executor.js';
import {
  changeSearch,
  type FindingBulk,
  insertSearch,
  type LookupRow,
  toExistingFindings,
} from '../finding-bulk.js';
import type { FindingInsert } from '../types.js';
import type { AnyPgExecutor } from './pg-executor.js';

// Each statement takes whole columns as arrays and `unnest`s them: one round trip per batch and
// table, whatever the batch size, and no per-row SQL.
// One unique-index descent per fingerprint, whatever the statistics say: with `fingerprint = ANY(…)`
// the planner, not yet seeing a table that filled within minutes, walked the project's every row per batch.
const LOOKUP = `SELECT f.* FROM unnest($3::text[]) AS j(fp) CROSS JOIN LATERAL (
    SELECT f.id, f.fingerprint, f.status, f.content_hash, s.last_scan_id, s.last_seen_at, s.occurrences
    FROM findings f JOIN finding_seen s ON s.finding_id = f.id
    WHERE f.tenant_id = $1 AND f.project_id = $2 AND f.fingerprint = j.fp LIMIT 1) AS f`;
// The JSON goes to finding_data, where it was seen to finding_seen, the rest to findings. The batch
// comes as two JSON arrays zipped row by row (ROWS FROM): the columns, and the findings' JSON, which
// json_array_elements only slices before the one cast to jsonb. Per 5,000 findings that took 100 ms;
// one json_to_recordset with the JSON as a jsonb column took 223–319 ms, as a json column cast after
// 159–255 ms.
const INSERT = `WITH u AS (
    SELECT * FROM ROWS FROM (
        json_to_recordset($5::json) AS (id text, fp text, tool text, scanner text, rule_id text, severity text,
          occ int, hash text, title text, kind text, locator text, rank int),
        json_array_elements($6::json)
      ) AS u(id, fp, tool, scanner, rule_id, severity, occ, hash, title, kind, locator, rank, data)
  ), d AS (INSERT INTO finding_data (finding_id, data) SELECT u.id, u.data::jsonb FROM u),
  s AS (INSERT INTO finding_seen (finding_id, project_id, occurrences, last_seen_at, last_scan_id)
    SELECT u.id, $2, u.occ, $3, $4 FROM u)
  INSERT INTO findings (id, tenant_id, project_id, fingerprint, tool, scanner, rule_id, severity, status,
    content_hash, first_seen_at, first_scan_id, title, location_kind, locator, severity_rank)
  SELECT u.id, $1, $2, u.fp, u.tool, u.scanner, u.rule_id, u.severity, 'open', u.hash, $3, $4,
    u.title, u.kind, u.locator, u.rank
  FROM u`;
// Where every finding of the batch that exists already was seen: its narrow finding_seen row (two
// index entries), not the finding's row (seven).
const TOUCH = `UPDATE finding_seen s SET occurrences = u.occ, last_seen_at = $2, last_scan_id = $3
  FROM unnest($4::text[], $5::int[]) AS u(id, occ) WHERE s.project_id = $1 AND s.finding_id = u.id`;
// The search columns change with the JSON (u.search), else they stay.
const CHANGE = `UPDATE findings f SET status = u.status,
    fixed_at = CASE WHEN u.reopen THEN NULL ELSE f.fixed_at END, severity = u.severity, severity_rank = u.rank,
    content_hash = u.hash,
    title = CASE WHEN u.search THEN u.title ELSE f.title END,
    location_kind = CASE WHEN u.search THEN u.kind ELSE f.location_kind END,
    locator = CASE WHEN u.search THEN u.locator ELSE f.locator END
  FROM unnest($2::text[], $3::text[], $4::boolean[], $5::text[], $6::text[],
      $7::int[], $8::boolean[], $9::text[], $10::text[], $11::text[])
    AS u(id, status, reopen, severity, hash, rank, search, title, kind, locator)
  WHERE f.tenant_id = $1 AND f.id = u.id`;
const CHANGE_DATA = `UPDATE finding_data d SET data = u.data::jsonb
  FROM unnest($1::text[], $2::text[]) AS u(id, data) WHERE d.finding_id = u.id`;
const LINK = `INSERT INTO scan_findings (scan_id, finding_id, occurrences)
  SELECT $1, u.id, u.occ FROM unnest($2::text[], $3::int[]) AS u(id, occ)
  ON CONFLICT (scan_id, finding_id) DO UPDATE SET occurrences = excluded.occurrences`;
// Not seen in this run: a scan upserted for a provider is ingested again under the same id.
const MISSING_SCOPE = `s.finding_id = f.id AND f.tenant_id = $1 AND f.project_id = $2 AND f.status = 'open'
  AND (s.last_scan_id <> $3 OR s.last_seen_at <> $5)`;

/**
 * New rows as two JSON arrays in the same order: their columns for `json_to_recordset`, and their
 * `data`, which is JSON already and goes in as it is (no second escaping: a text[] literal would escape
 * every quote of every finding, and took longer to read on the server too).
 */
function insertRows(rows: readonly FindingInsert[]): [columns: string, data: string] {
  const columns: string[] = [];
  const data: string[] = [];
  for (const f of rows) {
    const search = insertSearch(f);
    columns.push(
      `{"id":${JSON.stringify(f.id)},"fp":${JSON.stringify(f.fingerprint)},"tool":${JSON.stringify(f.tool)},` +
        `"scanner":${JSON.stringify(f.scanner)},"rule_id":${JSON.stringify(f.ruleId)},"severity":${JSON.stringify(f.severity)},` +
        `"occ":${f.occurrences},"hash":${JSON.stringify(f.contentHash)},` +
        `"title":${JSON.stringify(search.title)},"kind":${JSON.stringify(search.locationKind)},` +
        `"locator":${JSON.stringify(search.locator)},"rank":${severityRank[f.severity]}}`,
    );
    data.push(f.data);
  }
  return [`[${columns.join(',')}]`, `[${data.join(',')}]`];
}

export function createPgFindingBulk(ex: AnyPgExecutor): FindingBulk {
  const inTx = <T>(fn: (tx: AnyPgExecutor) => Promise<T>): Promise<T> =>
    ex.inTransaction ? fn(ex) : ex.transaction((tx: Executor) => fn(tx as AnyPgExecutor));

  return {
    async lockProject(projectId) {
      if (!ex.inTransaction)
        throw new TypeError('@scanrelay/storage: lockProject runs inside store.transaction');
      await ex.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
        `scanrelay:ingest:${projectId}`,
      ]);
    },
    async lookup(tenantId, projectId, fingerprints) {
      if (fingerprints.length === 0) return new Map();
      const { rows } = await ex.query<LookupRow>(LOOKUP, [tenantId, projectId, fingerprints]);
      return toExistingFindings(rows);
    },
    writeBatch(b) {
      return inTx(async (tx) => {
        if (b.inserts.length > 0) {
          await tx.query(INSERT, [b.tenantId, b.projectId, b.seenAt, b.scanId, ...insertRows(b.inserts)]);
        }
        if (b.updates.length > 0) {
          await tx.query(TOUCH, [
            b.projectId,
            b.seenAt,
            b.scanId,
            b.updates.map((u) => u.id),
            b.updates.map((u) => u.occurrences),
          ]);
        }
        const changed = b.updates.filter((u) => u.change);
        if (changed.length > 0) {
          const search = changed.map((u) => changeSearch(u.change!));
          await tx.query(CHANGE, [
            b.tenantId,
            changed.map((u) => u.id),
            changed.map((u) => u.change!.status),
            changed.map((u) => u.change!.reopen),
            changed.map((u) => u.change!.severity),
            changed.map((u) => u.change!.contentHash),
            changed.map((u) => severityRank[u.change!.severity]),
            search.map((s) => s !== undefined),
            search.map((s) => s?.title ?? null),
            search.map((s) => s?.locationKind ?? null),
            search.map((s) => s?.locator ?? null),
          ]);
          const rewritten = changed.filter((u) => u.change!.data !== undefined);
          if (rewritten.length > 0)
            await tx.query(CHANGE_DATA, [rewritten.map((u) => u.id), rewritten.map((u) => u.change!.data!)]);
        }
        const all = [...b.inserts, ...b.updates];
        if (all.length > 0) {
          await tx.query(LINK, [b.scanId, all.map((f) => f.id), all.map((f) => f.occurrences)]);
        }
      });
    },
    closeMissing(input) {
      return inTx(async (tx) => {
        const counts = emptyCounts();
        const useTools = input.tools.length > 0;
        if (!useTools && !input.scanner) return counts;
        const scope = useTools
          ? `${MISSING_SCOPE} AND f.tool = ANY($4::text[])`
          : `${MISSING_SCOPE} AND f.scanner = $4`;
        const params = [
          input.tenantId,
          input.projectId,
          input.scanId,
          useTools ? input.tools : input.scanner,
        ];
        const { rows } = await tx.query<{ severity: Severity; n: number }>(
          `WITH closed AS (UPDATE findings f SET status = 'fixed', fixed_at = $5 FROM finding_seen s
             WHERE ${scope} RETURNING f.severity)
           SELECT severity, count(*) AS n FROM closed GROUP BY severity`,
          [...params, input.at],
        );
        for (const r of rows) counts[r.severity] += Number(r.n);
        return counts;
      });
    },
  };
}
