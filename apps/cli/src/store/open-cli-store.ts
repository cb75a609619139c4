import path from 'node:path';
import { createStore, isStorageError, parseStoreUrl, redactUrl, type Store } from '@scanrelay/storage';
import { CliError, EXIT } from '../cli-error.js';
import { loadConfig } from '../config/index.js';

export interface StoreFlags {
  dataDir?: string;
  databaseUrl?: string;
  config?: string;
}

/**
 * The database a command that works on the store directly (`import`, `migrate`) opens. Flags beat
 * the environment: `--database-url`, then `--data-dir D` (`file:D/scanrelay.db`), then
 * `DATABASE_URL` / the config file's `server.databaseUrl`, then `file:<server.dataDir>/scanrelay.db`.
 */
async function resolveStoreUrl(
  flags: StoreFlags,
): Promise<{ url: string; setting: string; schema?: string }> {
  const { config } = await loadConfig({ configPath: flags.config });
  let url: string;
  let setting: string;
  if (flags.databaseUrl !== undefined) {
    url = flags.databaseUrl;
    setting = '--database-url';
  } else if (flags.dataDir !== undefined) {
    if (!flags.dataDir.trim()) throw new CliError('--data-dir: expected a directory', EXIT.usage);
    url = `file:${path.resolve(flags.dataDir, 'scanrelay.db')}`;
    setting = '--data-dir';
  } else if (config.server.databaseUrl) {
    url = config.server.databaseUrl;
    setting = 'DATABASE_URL';
  } else {
    url = `file:${path.resolve(config.server.dataDir, 'scanrelay.db')}`;
    setting = 'server.dataDir (SCANRELAY_DATA_DIR)';
  }
  try {
    parseStoreUrl(url);
  } catch (cause) {
    throw new CliError(
      `${setting}: ${isStorageError(cause) ? cause.detail : (cause as Error).message}`,
      EXIT.usage,
    );
  }
  return { url, setting, schema: config.server.databaseSchema };
}

/** Opens the store (migrating unless told not to); a database that cannot be opened is exit 1. */
export async function openCliStore(flags: StoreFlags, options: { migrate?: boolean } = {}): Promise<Store> {
  const { url, schema } = await resolveStoreUrl(flags);
  try {
    return await createStore(url, { migrate: options.migrate ?? true, schema });
  } catch (cause) {
    throw new CliError(
      `cannot open the database ${redactUrl(url)}: ${(cause as Error).message}`,
      EXIT.failed,
      { cause },
    );
  }
}
