import { API_KEY_SCOPES, type ApiKeyScope } from '@scanrelay/storage';
import type { Command } from 'commander';
import { CliError, EXIT } from '../cli-error.js';
import { formatKeyTable } from '../keys/format-key-table.js';
import { type KeyRow, listKeyRows } from '../keys/list-key-rows.js';
import { openCliStore } from '../store/open-cli-store.js';

interface StoreOptions {
  dataDir?: string;
  config?: string;
}

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
  storeOptions(
    keys
      .command('list')
      .description(
        'List API keys: id, tenant, name, prefix, scopes, created, last used, revoked (never the keys)',
      )
      .option('--tenant <name>', 'only this tenant (default: every tenant)')
      .option('--json', 'print a JSON array instead of a table'),
  ).action(async (opts: StoreOptions & { tenant?: string; json?: boolean }) => {
    const store = await openCliStore({ dataDir: opts.dataDir, config: opts.config });
    try {
      const rows = await listKeyRows(store, opts.tenant);
      process.stdout.write(`${opts.json ? JSON.stringify(rows, null, 2) : formatKeyTable(rows)}\n`);
    } finally {
      await store.close();
    }
  });
  storeOptions(
    keys
      .command('revoke')
      .description('Revoke an API key by id or prefix; requests with it are refused (401) at once')
      .argument('<id-or-prefix>', 'the key id, or its prefix as `keys list` shows it (sr_ and 9 characters)')
      .option('--tenant <name>', 'look for the key in this tenant only'),
  ).action(async (idOrPrefix: string, opts: StoreOptions & { tenant?: string }) => {
    const store = await openCliStore({ dataDir: opts.dataDir, config: opts.config });
    try {
      const key = findKey(await listKeyRows(store, opts.tenant), idOrPrefix);
      if (key.revokedAt) {
        process.stderr.write(
          `scanrelay: key ${key.prefix}… (id ${key.id}) was already revoked at ${key.revokedAt}\n`,
        );
        return;
      }
      const tenant = await store.tenants.getByName(key.tenant);
      await store.apiKeys.revoke(tenant!.id, key.id);
      process.stderr.write(
        `scanrelay: revoked key ${key.prefix}… (id ${key.id}) of tenant "${key.tenant}"\n`,
      );
    } finally {
      await store.close();
    }
  });
}

function storeOptions(command: Command): Command {
  return command
    .option(
      '-d, --data-dir <dir>',
      'data directory of the SQLite database (default: DATABASE_URL, else ./data)',
    )
    .option('-c, --config <file>', 'configuration file');
}

/** The one key whose id or prefix is `wanted` (a trailing `…` or `...`, as printed, is ignored). */
function findKey(rows: KeyRow[], wanted: string): KeyRow {
  const needle = wanted.trim().replace(/(?:…|\.\.\.)$/, '');
  if (!needle) throw new CliError('keys revoke: expected a key id or prefix', EXIT.usage);
  const byId = rows.filter((r) => r.id === needle);
  const matches =
    byId.length > 0 ? byId : rows.filter((r) => needle.length >= 4 && r.prefix.startsWith(needle));
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0)
    throw new CliError(`keys revoke: no key has the id or prefix "${needle}"`, EXIT.usage);
  throw new CliError(
    `keys revoke: "${needle}" matches ${matches.length} keys (${matches.map((m) => m.id).join(', ')}); give the id`,
    EXIT.usage,
  );
}
