import type BetterSqlite3 from 'better-sqlite3';

const tableNamePattern = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

function checkTableName(tableName: string): void {
  if (!tableNamePattern.test(tableName)) {
    throw new TypeError(
      `@scanrelay/queue: expected a SQL table name (letters, digits, '_'), got ${JSON.stringify(tableName)}`,
    );
  }
}

/**
 * Creates the jobs table and the table of recent job starts (for rate limits) when missing.
 * `state` holds waiting | active | completed | failed | dead; "delayed" is a waiting job whose
 * `run_at` is still ahead. Times are epoch milliseconds.
 */
export function ensureSchema(db: BetterSqlite3.Database, table: string): void {
  checkTableName(table);
  db.exec(`
    CREATE TABLE IF NOT EXISTS "${table}" (
      queue TEXT NOT NULL,
      id TEXT NOT NULL,
      name TEXT NOT NULL,
      data TEXT NOT NULL,
      state TEXT NOT NULL,
      priority INTEGER NOT NULL DEFAULT 0,
      attempt INTEGER NOT NULL DEFAULT 0,
      max_attempts INTEGER NOT NULL,
      run_at INTEGER NOT NULL,
      lease_owner TEXT,
      lease_until INTEGER,
      last_error TEXT,
      created_at INTEGER NOT NULL,
      started_at INTEGER,
      finished_at INTEGER,
      PRIMARY KEY (queue, id)
    );
    CREATE INDEX IF NOT EXISTS "${table}_claim" ON "${table}" (queue, priority, run_at)
      WHERE state IN ('waiting', 'failed');
    CREATE INDEX IF NOT EXISTS "${table}_lease" ON "${table}" (queue, lease_until) WHERE state = 'active';
    CREATE INDEX IF NOT EXISTS "${table}_state" ON "${table}" (queue, state, finished_at);
    CREATE TABLE IF NOT EXISTS "${table}_starts" (queue TEXT NOT NULL, started_at INTEGER NOT NULL);
    CREATE INDEX IF NOT EXISTS "${table}_starts_queue" ON "${table}_starts" (queue, started_at);
  `);
}

/** A row of the jobs table. */
export interface JobRow {
  queue: string;
  id: string;
  name: string;
  data: string;
  state: 'waiting' | 'active' | 'completed' | 'failed' | 'dead';
  priority: number;
  attempt: number;
  max_attempts: number;
  run_at: number;
  lease_owner: string | null;
  lease_until: number | null;
  last_error: string | null;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
}
