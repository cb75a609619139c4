import { API_KEY_SCOPES, type ApiKeyScope } from '@scanrelay/storage';
import type { Command } from 'commander';
import { CliError, EXIT } from '../cli-error.js';
import { openCliStore } from '../store/open-cli-store.js';

export function parseScopes(raw: string): ApiKeyScope[] {
  const scopes = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (scopes.length === 0)
    throw new CliError(`--scopes: expected one or more of ${API_KEY_SCOPES.join(', ')}`, EXIT.usage);
  for (const s of scopes) {
    if (!(API_KEY_SCOPES as readonly string[]).includes(s)) {
      throw new CliError(
        `--scopes: unknown scope "${s}"; expected a comma-separated list of ${API_KEY_SCOPES.join(', ')}`,
        EXIT.usage,
      );
    }
  }
  return [...new Set(scopes)] as ApiKeyScope[];
}

export function registerKeys(program: Command): void {
  const keys = program.command('keys').description('Manage API keys (works on the database directly)');
  keys
    .command('create')
    .description('Create an API key for a tenant (created when new) and print it once')
    .requiredOption('--tenant <name>', 'tenant the key belongs to')
    .requiredOption('--scopes <list>', `comma-separated: ${API_KEY_SCOPES.join(', ')}`)
    .option('--name <name>', 'a label for the key', 'cli')
    .option(
      '-d, --data-dir <dir>',
      'data directory of the SQLite database (default: DATABASE_URL, else ./data)',
    )
    .option('-c, --config <file>', 'configuration file')
    .action(
      async (opts: { tenant: string; scopes: string; name: string; dataDir?: string; config?: string }) => {
        const scopes = parseScopes(opts.scopes);
        const tenantName = opts.tenant.trim();
        if (!tenantName) throw new CliError('--tenant: expected a tenant name', EXIT.usage);
        const store = await openCliStore({ dataDir: opts.dataDir, config: opts.config });
        try {
          const tenant = await store.tenants.getOrCreate(tenantName);
          const created = await store.apiKeys.create(tenant.id, { name: opts.name, scopes });
          process.stdout.write(`${created.key}\n`);
          process.stderr.write(
            `scanrelay: created key ${created.apiKey.prefix}… (id ${created.apiKey.id}) for tenant "${tenant.name}" with scopes ${scopes.join(', ')}; it is shown only now\n`,
          );
        } finally {
          await store.close();
        }
      },
    );
}
