import type { Command } from 'commander';
import { openCliStore } from '../store/open-cli-store.js';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('Apply pending database migrations (the service also applies them when it starts)')
    .option('-d, --data-dir <dir>', 'use the SQLite database D/scanrelay.db (beats DATABASE_URL)')
    .option('--database-url <url>', 'file:PATH or postgres://… (beats --data-dir and DATABASE_URL)')
    .option('-c, --config <file>', 'configuration file')
    .action(async (opts: { dataDir?: string; databaseUrl?: string; config?: string }) => {
      const store = await openCliStore(opts, { migrate: false });
      try {
        const result = await store.migrate();
        process.stdout.write(`${JSON.stringify({ database: store.url, ...result }, null, 2)}\n`);
        process.stderr.write(
          `scanrelay: ${store.url}: ${result.applied.length ? `applied ${result.applied.join(', ')}` : 'up to date'} (${result.current.length} migration${result.current.length === 1 ? '' : 's'})\n`,
        );
      } finally {
        await store.close();
      }
    });
}
