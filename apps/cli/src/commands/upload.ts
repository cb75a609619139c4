import { existsSync } from 'node:fs';
import { IMPORT_TYPES, type ImportType } from '@scanrelay/client';
import type { Command } from 'commander';
import { CliError, EXIT } from '../cli-error.js';
import { clientFromConfig, parseTimeout } from '../upload/client-from-config.js';
import { reportStillRunning } from '../upload/report-still-running.js';
import { uploadOne } from '../upload/upload-one.js';
import { buildReport, writeReport } from '../upload/upload-report.js';

interface UploadFlags {
  file: string;
  scannerType: string;
  project?: string;
  assessment?: string;
  assetType?: string;
  importType?: string;
  destinations?: string;
  wait?: boolean;
  streamLogs?: boolean;
  report?: string;
  timeout?: string;
  apiUrl?: string;
  apiKey?: string;
  config?: string;
}

export function registerUpload(program: Command): void {
  program
    .command('upload')
    .description(
      'Upload a scanner report to the scanrelay service; the service parses, deduplicates and stores it',
    )
    .requiredOption('--file <path>', 'the report to upload')
    .option('-t, --scanner-type <type>', 'auto or a scanner id', 'auto')
    .option('--project <name>', 'project the findings belong to')
    .option('--assessment <name>', 'assessment name (also the project when --project is absent)')
    .option('--asset-type <type>', 'asset type, e.g. CONTAINER, WEB, REPOSITORY')
    .option('--import-type <mode>', 'new | merge | delta', 'merge')
    .option('--destinations <list>', 'comma-separated destination names overriding the configured ones')
    .option('--wait', 'wait until the job ends; exit 1 when it failed, 4 when --timeout passed first')
    .option('--stream-logs', 'follow the job log until the job ends (implies --wait)')
    .option('--report <file>', 'write a report: out.json or out.html')
    .option('--timeout <duration>', 'stop waiting after this long (e.g. 10m); the job goes on')
    .option('--api-url <url>', 'scanrelay API (or SCANRELAY_API_URL)')
    .option('--api-key <key>', 'API key (prefer SCANRELAY_API_KEY: flags show in process lists)')
    .option('-c, --config <file>', 'configuration file')
    .action(async (o: UploadFlags) => {
      if (!existsSync(o.file)) throw new CliError(`--file: no such file "${o.file}"`);
      if (!(IMPORT_TYPES as readonly string[]).includes(o.importType ?? 'merge')) {
        throw new CliError(`--import-type: expected new, merge or delta, got "${o.importType}"`);
      }
      const timeoutMs = parseTimeout(o.timeout, '--timeout');
      const { client } = await clientFromConfig(o);
      const startedAt = new Date();
      const outcome = await uploadOne(client, {
        file: o.file,
        scannerType: o.scannerType,
        project: o.project,
        assessment: o.assessment,
        assetType: o.assetType,
        importType: o.importType as ImportType,
        destinations: o.destinations
          ?.split(',')
          .map((d) => d.trim())
          .filter(Boolean),
        wait: Boolean(o.wait || o.streamLogs),
        streamLogs: Boolean(o.streamLogs),
        timeoutMs,
        onLog: (ev) => {
          if (ev.type === 'log') process.stderr.write(`[${ev.line.level}] ${ev.line.message}\n`);
        },
      });
      if (o.report) await writeReport(o.report, buildReport([outcome], startedAt));
      if (outcome.status === 'rejected') throw new CliError(`upload rejected: ${outcome.error}`, EXIT.usage);
      process.stdout.write(
        `${JSON.stringify({ jobId: outcome.jobId, scanner: outcome.scanner, status: outcome.status, result: outcome.result, error: outcome.error }, null, 2)}\n`,
      );
      if (outcome.status === 'failed' || outcome.status === 'dead') process.exitCode = EXIT.failed;
      else if ((o.wait || o.streamLogs) && (outcome.status === 'queued' || outcome.status === 'running'))
        reportStillRunning(outcome.jobId ?? '', outcome.status);
    });
}
