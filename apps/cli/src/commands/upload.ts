import { existsSync } from 'node:fs';
import { type Forward, IMPORT_TYPES, type ImportType, type PhoenixOverrides } from '@scanrelay/client';
import type { Command } from 'commander';
import { CliError, EXIT } from '../cli-error.js';
import { clientFromConfig, parseTimeout } from '../upload/client-from-config.js';
import { reportStillRunning } from '../upload/report-still-running.js';
import { uploadOne } from '../upload/upload-one.js';
import { buildReport, writeReport } from '../upload/upload-report.js';
import { waitForForwards } from './forward.js';

interface UploadFlags {
  file: string;
  scannerType: string;
  project?: string;
  assessment?: string;
  assetType?: string;
  importType?: string;
  destinations?: string;
  destination: string[];
  phoenixClientId?: string;
  phoenixClientSecret?: string;
  phoenixApiUrl?: string;
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
    .option(
      '--destination <name>',
      'a destination to forward to (repeatable; with --destinations, both lists)',
      (v: string, all: string[]) => [...all, v],
      [] as string[],
    )
    .option('--phoenix-client-id <id>', "this upload's Phoenix client id (or PHOENIX_CLIENT_ID)")
    .option(
      '--phoenix-client-secret <secret>',
      'its secret (prefer PHOENIX_CLIENT_SECRET: flags show in process lists)',
    )
    .option(
      '--phoenix-api-url <url>',
      'its Phoenix API, e.g. https://api.demo.appsecphx.io (or PHOENIX_API_URL)',
    )
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
        destinations: destinationsOf(o),
        phoenix: phoenixOverrides(o, process.env),
        wait: Boolean(o.wait || o.streamLogs),
        streamLogs: Boolean(o.streamLogs),
        timeoutMs,
        onLog: (ev) => {
          if (ev.type === 'log') process.stderr.write(`[${ev.line.level}] ${ev.line.message}\n`);
        },
      });
      if (o.report) await writeReport(o.report, buildReport([outcome], startedAt));
      if (outcome.status === 'rejected') throw new CliError(`upload rejected: ${outcome.error}`, EXIT.usage);
      // Waiting covers the forwards too: the upload is done when every destination has it (or gave up).
      let forwards: Forward[] | undefined;
      let forwardsSettled = true;
      if ((o.wait || o.streamLogs) && outcome.status === 'completed' && outcome.jobId) {
        const job = await client.getJob(outcome.jobId);
        forwards = job.forwards;
        const scanId = forwards?.[0]?.scanId;
        if (forwards && forwards.length > 0 && scanId) {
          const left = timeoutMs === undefined ? undefined : timeoutMs - (Date.now() - startedAt.getTime());
          const waited = await waitForForwards(client, scanId, new Set(forwards.map((f) => f.id)), left);
          forwards = waited.forwards;
          forwardsSettled = waited.settled;
        }
      }
      process.stdout.write(
        `${JSON.stringify({ jobId: outcome.jobId, scanner: outcome.scanner, status: outcome.status, result: outcome.result, error: outcome.error, forwards }, null, 2)}\n`,
      );
      if (outcome.status === 'failed' || outcome.status === 'dead') process.exitCode = EXIT.failed;
      else if (forwards?.some((f) => f.status === 'dead')) {
        process.stderr.write('scanrelay: a destination gave up (dead-lettered); see forwards[].lastError\n');
        process.exitCode = EXIT.failed;
      } else if (!forwardsSettled) {
        process.stderr.write('scanrelay: the findings are stored; forwarding goes on in the service\n');
        process.exitCode = EXIT.stillRunning;
      } else if ((o.wait || o.streamLogs) && (outcome.status === 'queued' || outcome.status === 'running'))
        reportStillRunning(outcome.jobId ?? '', outcome.status);
    });
}

function destinationsOf(o: UploadFlags): string[] | undefined {
  const all = [...(o.destinations?.split(',') ?? []), ...o.destination].map((d) => d.trim()).filter(Boolean);
  return all.length > 0 ? [...new Set(all)] : undefined;
}

/**
 * The Phoenix client's override cascade, client side: flags, else PHOENIX_CLIENT_ID,
 * PHOENIX_CLIENT_SECRET and PHOENIX_API_URL; nothing is sent when none is set (the service's own
 * Phoenix settings then apply).
 */
export function phoenixOverrides(o: UploadFlags, env: NodeJS.ProcessEnv): PhoenixOverrides | undefined {
  const clientId = o.phoenixClientId ?? env.PHOENIX_CLIENT_ID;
  const clientSecret = o.phoenixClientSecret ?? env.PHOENIX_CLIENT_SECRET;
  const apiUrl = o.phoenixApiUrl ?? env.PHOENIX_API_URL;
  if (!clientId && !clientSecret && !apiUrl) return undefined;
  if (clientId && !clientSecret) {
    throw new CliError(
      '--phoenix-client-id: no client secret; set PHOENIX_CLIENT_SECRET (or --phoenix-client-secret)',
    );
  }
  if (apiUrl !== undefined && !/^https?:\/\//i.test(apiUrl)) {
    throw new CliError(`--phoenix-api-url: expected an http(s) URL, got "${apiUrl}"`);
  }
  return { clientId, clientSecret, apiUrl };
}
