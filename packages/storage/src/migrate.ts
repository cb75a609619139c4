import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Executor } from './executor.js';
import { nowIso } from './rows.js';
import { StorageError } from './storage-error.js';
import type { Dialect, MigrationResult } from './types.js';

/** `migrations/` of this package, from `src/` and from `dist/` alike (both one level down). */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations/', import.meta.url));

export interface Migration {
  version: string;
  statements: string[];
}

/** The versioned SQL files of a dialect (`NNNN_name.sql`, drizzle-kit's statement breakpoints), in order. */
export function loadMigrations(dialect: Dialect, dir: string = MIGRATIONS_DIR): Migration[] {
  const sub = `${dir}/${dialect === 'sqlite' ? 'sqlite' : 'pg'}`;
  return readdirSync(sub)
    .filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f))
    .sort()
    .map((f) => ({
      version: f.replace(/\.sql$/, ''),
      statements: readFileSync(`${sub}/${f}`, 'utf8')
        .split('--> statement-breakpoint')
        .map((s) => s.trim())
        .filter(Boolean),
    }));
}

const CREATE_TABLE =
  'CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at text NOT NULL)';

/**
 * Applies the migrations not yet recorded in `schema_migrations`, all in one transaction (so two
 * processes starting together apply each once: SQLite's write lock, PostgreSQL's advisory lock).
 */
export async function applyMigrations(
  ex: Executor,
  migrations: Migration[] = loadMigrations(ex.dialect),
): Promise<MigrationResult> {
  return ex.transaction(async (tx) => {
    if (tx.dialect === 'postgres')
      await tx.run("SELECT pg_advisory_xact_lock(hashtextextended('scanrelay:migrate', 0))");
    await tx.run(CREATE_TABLE);
    const done = new Set(
      (await tx.all<{ version: string }>('SELECT version FROM schema_migrations')).map((r) => r.version),
    );
    const applied: string[] = [];
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      for (const statement of m.statements) {
        try {
          await tx.run(statement);
        } catch (cause) {
          throw new StorageError(
            'migration_failed',
            `migration ${m.version} failed: ${(cause as Error).message}`,
            { cause },
          );
        }
      }
      await tx.run('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)', [
        m.version,
        nowIso(),
      ]);
      applied.push(m.version);
      done.add(m.version);
    }
    return { applied, current: [...done].sort() };
  });
}
