import { createScanrelayClient, type PhoenixOverrides, type ScanrelayClient } from '@scanrelay/client';
import type { Command } from 'commander';
import { CliError, EXIT } from '../cli-error.js';
import { loadConfig } from '../config/index.js';
import { type Batch, readBatchFile } from '../upload/batch-config.js';
import { parseTimeout } from '../upload/client-from-config.js';
import { createProgress } from '../upload/progress.js';
import { uploadOne } from '../upload/upload-one.js';
import { buildReport, type UploadOutcome, writeReport } from '../upload/upload-report.js';

interface BatchFlags {
  batchConfig: string;
  concurrent?: string;
  report?: string;
  wait: boolean;
  timeout?: string;
  apiUrl?: string;
  apiKey?: string;
  config?: string;
}

export function registerUploadBatch(program: Command): void {
  program
    .command('upload-batch')
    .description(
      'Upload many reports described in a YAML batch file, each batch with its own destination and credentials',
    )
    .requiredOption('--batch-config <file>', 'the batch YAML file')
    .option('--concurrent <n>', 'uploads at once (default: the file’s concurrency, else 4)')
    .option('--report <file>', 'write a report: out.json or out.html, with the success rate')
    .option('--no-wait', 'count an accepted upload as a success without waiting for its job')
    .option('--timeout <duration>', 'give up waiting for one job after this long (e.g. 10m)')
    .option('--api-url <url>', 'default scanrelay API for batches that name none')
    .option('--api-key <key>', 'default API key for batches that name none (prefer SCANRELAY_API_KEY)')
    .option('-c, --config <file>', 'configuration file')
    .action(async (o: BatchFlags) => {
      const concurrent = o.concurrent === undefined ? undefined : Number(o.concurrent);
      if (
        concurrent !== undefined &&
        !(Number.isInteger(concurrent) && concurrent >= 1 && concurrent <= 64)
      ) {
        throw new CliError(`--concurrent: expected a whole number from 1 to 64, got "${o.concurrent}"`);
      }
      const timeoutMs = parseTimeout(o.timeout, '--timeout');
      const file = await readBatchFile(o.batchConfig);
      const { config } = await loadConfig({
        configPath: o.config,
        flags: { apiUrl: o.apiUrl, apiKey: o.apiKey },
      });

      const clients = new Map<string, ScanrelayClient>();
      const clientFor = (b: Batch): ScanrelayClient => {
        const merged = { ...file.defaults, ...b };
        const apiUrl = merged.apiUrl ?? config.apiUrl;
        const apiKey = merged.apiKeyEnv ? process.env[merged.apiKeyEnv] : (merged.apiKey ?? config.apiKey);
        if (!apiKey) {
          throw new CliError(
            `batches.${b.name}: no API key (${merged.apiKeyEnv ? `environment variable ${merged.apiKeyEnv} is not set` : 'set apiKeyEnv, or SCANRELAY_API_KEY'})`,
          );
        }
        const key = `${apiUrl}\u0000${apiKey}`;
        let c = clients.get(key);
        if (!c) {
          c = createScanrelayClient({ baseUrl: apiUrl, apiKey });
          clients.set(key, c);
        }
        return c;
      };

      // Each batch with its own Phoenix client sends only its own credentials (the secret from the
      // environment, never from the file), so two clients' uploads never share a destination login.
      const phoenixFor = (batch: string, m: Partial<Batch>): PhoenixOverrides | undefined => {
        if (!m.phoenixClientId && !m.phoenixApiUrl) return undefined;
        const secretEnv = m.phoenixClientSecretEnv ?? 'PHOENIX_CLIENT_SECRET';
        const clientSecret = process.env[secretEnv];
        if (m.phoenixClientId && !clientSecret) {
          throw new CliError(
            `batches.${batch}: phoenix_client_id is set but the environment variable ${secretEnv} (its secret) is not`,
          );
        }
        return { clientId: m.phoenixClientId, clientSecret, apiUrl: m.phoenixApiUrl };
      };
      for (const b of file.batches) phoenixFor(b.name, { ...file.defaults, ...b });

      const tasks = file.batches.flatMap((b) => {
        const client = clientFor(b);
        const m = { ...file.defaults, ...b };
        return b.files.map((f) => ({ batch: b.name, file: f, client, m }));
      });
      const progress = createProgress(tasks.length);
      const startedAt = new Date();
      const outcomes: UploadOutcome[] = new Array(tasks.length);
      let next = 0;
      const worker = async () => {
        while (next < tasks.length) {
          const i = next++;
          const t = tasks[i]!;
          const outcome = await uploadOne(t.client, {
            batch: t.batch,
            file: t.file,
            scannerType: t.m.scannerType,
            project: t.m.project,
            assessment: t.m.assessment,
            assetType: t.m.assetType,
            importType: t.m.importType,
            destinations: t.m.destinations,
            phoenix: phoenixFor(t.batch, t.m),
            wait: o.wait,
            streamLogs: false,
            timeoutMs,
          });
          outcomes[i] = outcome;
          const ok = outcome.status === 'completed' || (!o.wait && outcome.status === 'queued');
          progress.tick(`${t.batch}: ${t.file}`, ok, ok ? '' : (outcome.error ?? outcome.status));
        }
      };
      const n = Math.min(concurrent ?? file.concurrency ?? 4, Math.max(1, tasks.length));
      await Promise.all(Array.from({ length: n }, worker));
      progress.end();
      const report = buildReport(outcomes, startedAt);
      if (o.report) await writeReport(o.report, report);
      process.stdout.write(
        `${JSON.stringify({ total: report.total, succeeded: report.succeeded, failed: report.failed, successRate: report.successRate, summary: report.summary }, null, 2)}\n`,
      );
      if (report.failed > 0) process.exitCode = EXIT.failed;
    });
}
