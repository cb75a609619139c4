import { existsSync } from 'node:fs';
import path from 'node:path';
import { type PgTable, getTableConfig as pgTableConfig } from 'drizzle-orm/pg-core';
import { type SQLiteTable, getTableConfig as sqliteTableConfig } from 'drizzle-orm/sqlite-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMigrations, MIGRATIONS_DIR, pgSchema, sqliteSchema } from '../src/index.js';
import { backends, type OpenBackend } from './backends.js';

/** Table → column → not null, from the drizzle schema of a dialect. */
function drizzleColumns(dialect: 'sqlite' | 'postgres'): Record<string, Record<string, boolean>> {
  const out: Record<string, Record<string, boolean>> = {};
  const tables = Object.values(dialect === 'sqlite' ? sqliteSchema : pgSchema);
  for (const table of tables) {
    const cfg =
      dialect === 'sqlite' ? sqliteTableConfig(table as SQLiteTable) : pgTableConfig(table as PgTable);
    out[cfg.name] = Object.fromEntries(cfg.columns.map((c) => [c.name, c.notNull]));
  }
  return out;
}

async function databaseColumns(
  dialect: 'sqlite' | 'postgres',
  query: OpenBackend['query'],
): Promise<Record<string, Record<string, boolean>>> {
  const rows = await query(
    dialect === 'sqlite'
      ? `SELECT m.name AS t, p.name AS c, p."notnull" AS nn FROM sqlite_master m, pragma_table_info(m.name) p
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> 'schema_migrations'`
      : `SELECT table_name AS t, column_name AS c, (is_nullable = 'NO') AS nn FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name <> 'schema_migrations'`,
  );
  const out: Record<string, Record<string, boolean>> = {};
  for (const r of rows) {
    const table = out[String(r.t)] ?? {};
    table[String(r.c)] = r.nn === true || r.nn === 1;
    out[String(r.t)] = table;
  }
  return out;
}

describe('migrations', () => {
  it('ship inside the package, one numbered file per version and dialect', () => {
    expect(MIGRATIONS_DIR.endsWith(`${path.sep}migrations${path.sep}`)).toBe(true);
    for (const dialect of ['sqlite', 'postgres'] as const) {
      const ms = loadMigrations(dialect);
      expect(ms.map((m) => m.version)[0]).toBe('0000_init');
      expect(ms.every((m) => m.statements.length > 0)).toBe(true);
    }
    expect(existsSync(path.join(MIGRATIONS_DIR, 'pg', '0000_init.sql'))).toBe(true);
  });
});

for (const backend of backends) {
  describe.runIf(backend.enabled)(`migrated ${backend.name} database`, () => {
    let db: OpenBackend;
    beforeAll(async () => {
      db = await backend.open();
    });
    afterAll(() => db?.cleanup());

    it('has exactly the tables and columns of the drizzle schema', async () => {
      const expected = drizzleColumns(backend.name);
      expect(Object.keys(expected).sort()).toEqual([
        'api_keys',
        'blocklist',
        'dashboard_sessions',
        'finding_data',
        'finding_history',
        'finding_seen',
        'findings',
        'forwards',
        'job_logs',
        'jobs',
        'projects',
        'rate_windows',
        'sast_results',
        'scan_findings',
        'scans',
        'summaries',
        'tenants',
        'webhook_deliveries',
      ]);
      expect(await databaseColumns(backend.name, db.query)).toEqual(expected);
    });

    it('applies nothing the second time', async () => {
      const again = await db.store.migrate();
      expect(again.applied).toEqual([]);
      expect(again.current).toEqual(loadMigrations(backend.name).map((m) => m.version));
    });
  });
}
