import { emptyCounts, type Severity, severityRank } from '@scanrelay/findings-schema';
import type Database from 'better-sqlite3';
import type { Executor } from '../executor.js';
import { changeSearch, type FindingBulk, insertSearch } from '../finding-bulk.js';
import type { ExistingFinding } from '../types.js';
import { type SqliteExecutor, SqliteTxExecutor } from './sqlite-executor.js';

// Whole batches go in as one JSON array and come apart in SQLite's json_each: one statement per batch
// for lookups, touches and links instead of one call per row.
// Read as arrays (`raw`, see `LookupTuple`): no intermediate object per row.
const LOOKUP = `SELECT f.id, f.fingerprint, f.status, f.content_hash, s.last_scan_id, s.last_seen_at, s.occurrences
  FROM json_each(?) AS j CROSS JOIN findings AS f CROSS JOIN finding_seen AS s
  WHERE f.tenant_id = ? AND f.project_id = ? AND f.fingerprint = j.value AND s.finding_id = f.id`;
const INSERT = `INSERT INTO findings (id, tenant_id, project_id, fingerprint, tool, scanner, rule_id, severity, status,
  content_hash, first_seen_at, first_scan_id, title, location_kind, locator, severity_rank)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?, ?, ?)`;
// Where each new finding was seen, for the whole batch at once (as the links below).
const SEEN_ONCE = `INSERT INTO finding_seen (finding_id, project_id, occurrences, last_seen_at, last_scan_id)
  SELECT j.value, ?, 1, ?, ? FROM json_each(?) AS j`;
const SEEN = `INSERT INTO finding_seen (finding_id, project_id, occurrences, last_seen_at, last_scan_id)
  SELECT j.value ->> 0, ?, j.value ->> 1, ?, ? FROM json_each(?) AS j`;
const INSERT_DATA = 'INSERT INTO finding_data (finding_id, data) VALUES (?, ?)';
const CHANGE_DATA = 'UPDATE finding_data SET data = ? WHERE finding_id = ?';
// Where every finding of the batch that exists already was seen: its narrow `finding_seen` row, not
// the finding's. Most findings occur once: their ids go in as a plain array (no [id, occurrences] pair
// to take apart per row) and SQLite visits them in id order, i.e. creation order (ids are time-ordered).
const TOUCH_ONCE = `UPDATE finding_seen SET occurrences = 1, last_seen_at = ?, last_scan_id = ?
  WHERE finding_id IN (SELECT value FROM json_each(?))`;
const TOUCH = `UPDATE finding_seen SET occurrences = j.value ->> 1, last_seen_at = ?, last_scan_id = ?
  FROM json_each(?) AS j WHERE finding_seen.finding_id = j.value ->> 0`;
// The search columns change with the JSON (@search = 1), else they stay.
const CHANGE = `UPDATE findings SET status = @status,
  fixed_at = CASE WHEN @reopen THEN NULL ELSE fixed_at END,
  severity = @severity, severity_rank = @rank, content_hash = @hash,
  title = CASE WHEN @search THEN @title ELSE title END,
  location_kind = CASE WHEN @search THEN @kind ELSE location_kind END,
  locator = CASE WHEN @search THEN @locator ELSE locator END
  WHERE id = @id`;
const LINK_ONCE = `INSERT INTO scan_findings (scan_id, finding_id, occurrences)
  SELECT ?, j.value, 1 FROM json_each(?) AS j WHERE true
  ON CONFLICT (scan_id, finding_id) DO UPDATE SET occurrences = excluded.occurrences`;
const LINK = `INSERT INTO scan_findings (scan_id, finding_id, occurrences)
  SELECT ?, j.value ->> 0, j.value ->> 1 FROM json_each(?) AS j WHERE true
  ON CONFLICT (scan_id, finding_id) DO UPDATE SET occurrences = excluded.occurrences`;
// Not seen in this run: a scan upserted for a provider is ingested again under the same id.
const MISSING_SCOPE = `f.tenant_id = ? AND f.project_id = ? AND f.status = 'open'
  AND (s.last_scan_id <> ? OR s.last_seen_at <> ?)`;

type LookupTuple = [
  id: string,
  fingerprint: string,
  status: ExistingFinding['status'],
  contentHash: string,
  lastScanId: string,
  lastSeenAt: string,
  occurrences: number,
];

/** Finding ids to write a statement for, split into those seen once and the rest (with their count). */
class IdsByOccurrences {
  readonly once: string[] = [];
  readonly more: [string, number][] = [];
  add(id: string, occurrences: number): void {
    if (occurrences === 1) this.once.push(id);
    else this.more.push([id, occurrences]);
  }
  /** Runs `once` with the ids seen once and `more` with the [id, occurrences] pairs, as JSON arrays. */
  run(once: Database.Statement, more: Database.Statement, ...params: unknown[]): void {
    if (this.once.length > 0) once.run(...params, JSON.stringify(this.once));
    if (this.more.length > 0) more.run(...params, JSON.stringify(this.more));
  }
}

/** Prepared statements on the write connection, run inside the caller's transaction. */
export function createSqliteFindingBulk(ex: Executor): FindingBulk {
  const inTx = <T>(fn: (db: SqliteExecutor) => T): Promise<T> =>
    ex instanceof SqliteTxExecutor
      ? Promise.resolve(fn(ex.root))
      : ex.transaction(async (tx) => fn((tx as SqliteTxExecutor).root));
  const stmt = (db: SqliteExecutor, sql: string): Database.Statement => db.prepare(sql);

  return {
    async lockProject() {
      // BEGIN IMMEDIATE already holds the database's one write lock.
    },
    lookup(tenantId, projectId, fingerprints) {
      return inTx((db) => {
        if (fingerprints.length === 0) return new Map<string, ExistingFinding>();
        const rows = stmt(db, LOOKUP)
          .raw(true)
          .all(JSON.stringify(fingerprints), tenantId, projectId) as LookupTuple[];
        const found = new Map<string, ExistingFinding>();
        for (const [id, fingerprint, status, contentHash, lastScanId, lastSeenAt, occurrences] of rows) {
          found.set(fingerprint, {
            id,
            fingerprint,
            status,
            contentHash,
            lastScanId,
            lastSeenAt,
            occurrences,
          });
        }
        return found;
      });
    },
    writeBatch(b) {
      return inTx((db) => {
        const insert = stmt(db, INSERT);
        const insertData = stmt(db, INSERT_DATA);
        const change = stmt(db, CHANGE);
        const changeData = stmt(db, CHANGE_DATA);
        const links = new IdsByOccurrences();
        const created = new IdsByOccurrences();
        const touched = new IdsByOccurrences();
        for (const f of b.inserts) {
          const search = insertSearch(f);
          insert.run(
            f.id,
            b.tenantId,
            b.projectId,
            f.fingerprint,
            f.tool,
            f.scanner,
            f.ruleId,
            f.severity,
            f.contentHash,
            b.seenAt,
            b.scanId,
            search.title,
            search.locationKind,
            search.locator,
            severityRank[f.severity],
          );
          insertData.run(f.id, f.data);
          created.add(f.id, f.occurrences);
          links.add(f.id, f.occurrences);
        }
        for (const u of b.updates) {
          const c = u.change;
          if (c) {
            const search = changeSearch(c);
            change.run({
              status: c.status,
              reopen: c.reopen ? 1 : 0,
              severity: c.severity,
              rank: severityRank[c.severity],
              hash: c.contentHash,
              search: search ? 1 : 0,
              title: search?.title ?? null,
              kind: search?.locationKind ?? null,
              locator: search?.locator ?? null,
              id: u.id,
            });
            if (c.data !== undefined) changeData.run(c.data, u.id);
          }
          touched.add(u.id, u.occurrences);
          links.add(u.id, u.occurrences);
        }
        created.run(stmt(db, SEEN_ONCE), stmt(db, SEEN), b.projectId, b.seenAt, b.scanId);
        touched.run(stmt(db, TOUCH_ONCE), stmt(db, TOUCH), b.seenAt, b.scanId);
        links.run(stmt(db, LINK_ONCE), stmt(db, LINK), b.scanId);
      });
    },
    closeMissing(input) {
      return inTx((db) => {
        const counts = emptyCounts();
        const useTools = input.tools.length > 0;
        if (!useTools && !input.scanner) return counts;
        const scope = useTools
          ? `${MISSING_SCOPE} AND f.tool IN (SELECT value FROM json_each(?))`
          : `${MISSING_SCOPE} AND f.scanner = ?`;
        const params = [
          input.tenantId,
          input.projectId,
          input.scanId,
          input.at,
          useTools ? JSON.stringify(input.tools) : input.scanner,
        ];
        // Through the rowids the status index finds (`+tenant_id` keeps the fingerprint index out):
        // otherwise SQLite walks the fingerprint index and reads every row of the project in random
        // order, which costs a page read per row once the table outgrows the page cache. One pass
        // that returns what it closed (a count first would read every open row twice).
        const closed = stmt(
          db,
          `UPDATE findings SET status = 'fixed', fixed_at = ? WHERE rowid IN (
            SELECT f.rowid FROM findings AS f CROSS JOIN finding_seen AS s WHERE s.finding_id = f.id AND +${scope}
          ) RETURNING severity`,
        )
          .raw(true)
          .all(input.at, ...params) as [Severity][];
        for (const [severity] of closed) counts[severity]++;
        return counts;
      });
    },
  };
}
