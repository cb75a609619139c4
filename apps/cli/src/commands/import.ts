import { existsSync } from 'node:fs';
import { type IngestMode, ingest, isCoreError } from '@scanrelay/core';
import { IMPORT_TYPES, SCAN_KINDS, type ScanKind } from '@scanrelay/findings-schema';
import { isScannerId, parseReport, SCANNER_IDS } from '@scanrelay/parsers';
import type { Command } from 'commander';
import { CliError, EXIT } from '../cli-error.js';
import { openCliStore } from '../store/open-cli-store.js';
import { sourceFromArg } from './parse.js';

interface ImportOptions {
  project: string;
  scannerType: string;
  mode: string;
  tenant: string;
  kind: string;
  provider?: string;
  commitSha?: string;
  dataDir?: string;
  databaseUrl?: string;
  config?: string;
}

function check(file: string, opts: ImportOptions): void {
  if (!opts.project.trim()) throw new CliError('--project: expected a project name', EXIT.usage);
  if (!opts.tenant.trim()) throw new CliError('--tenant: expected a tenant name', EXIT.usage);
  if (!(IMPORT_TYPES as readonly string[]).includes(opts.mode)) {
    throw new CliError(`--mode: expected one of ${IMPORT_TYPES.join(', ')}, got "${opts.mode}"`, EXIT.usage);
  }
  if (opts.scannerType !== 'auto' && !isScannerId(opts.scannerType)) {
    throw new CliError(
      `--scanner-type: unknown scanner "${opts.scannerType}"; expected auto or one of ${SCANNER_IDS.join(', ')}`,
    );
  }
  if (!(SCAN_KINDS as readonly string[]).includes(opts.kind)) {
    throw new CliError(`--kind: expected one of ${SCAN_KINDS.join(', ')}, got "${opts.kind}"`, EXIT.usage);
  }
  if (opts.commitSha !== undefined && !/^[0-9a-f]{40}$/.test(opts.commitSha)) {
    throw new CliError(
      `--commit-sha: expected 40 lower-case hex characters, got "${opts.commitSha}"`,
      EXIT.usage,
    );
  }
  if (file !== '-' && !existsSync(file)) throw new CliError(`${file}: no such file`, EXIT.usage);
}

export function registerImport(program: Command): void {
  program
    .command('import')
    .description(
      'Parse a scanner report and ingest it straight into the database (no service needed); prints the result as JSON',
    )
    .argument('<file>', 'the report, or - for standard input')
    .requiredOption('-p, --project <name>', 'the project the findings belong to (created when new)')
    .option('-t, --scanner-type <type>', `auto or one of: ${SCANNER_IDS.join(', ')}`, 'auto')
    .option(
      '-m, --mode <mode>',
      'new (the report is the current set: missing findings are fixed), merge or delta',
      'new',
    )
    .option('--tenant <name>', 'tenant (created when new)', 'default')
    .option('--kind <kind>', `scan kind: ${SCAN_KINDS.join(', ')}`, 'upload')
    .option('--provider <name>', 'scan provider (default: the scanner id)')
    .option('--commit-sha <sha>', 'the commit the report is for')
    .option('-d, --data-dir <dir>', 'use the SQLite database D/scanrelay.db (beats DATABASE_URL)')
    .option('--database-url <url>', 'file:PATH or postgres://… (beats --data-dir and DATABASE_URL)')
    .option('-c, --config <file>', 'configuration file')
    .action(async (file: string, opts: ImportOptions) => {
      check(file, opts);
      const store = await openCliStore(opts);
      try {
        const { scanner, findings } = await parseReport(sourceFromArg(file), {
          scannerType: opts.scannerType,
          onWarning: (m) => process.stderr.write(`scanrelay: warning: ${m}\n`),
        });
        const tenant = await store.tenants.getOrCreate(opts.tenant.trim());
        const result = await ingest(store, {
          tenant: tenant.id,
          project: opts.project.trim(),
          scan: {
            provider: opts.provider ?? scanner,
            kind: opts.kind as ScanKind,
            commitSha: opts.commitSha,
            target: file,
          },
          findings,
          mode: opts.mode as IngestMode,
          scanner,
        }).catch((err: unknown) => {
          if (isCoreError(err)) throw new CliError(err.message, EXIT.usage, { cause: err });
          throw err;
        });
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        process.stderr.write(
          `scanrelay: ${scanner} → ${result.project}: ${result.created} created, ${result.updated} updated, ${result.unchanged} unchanged, ${result.reopened} reopened, ${result.fixed} fixed\n`,
        );
      } finally {
        await store.close();
      }
    });
}
