import { createScanDeps, type ScannerWorker, startScannerWorker } from '@scanrelay/worker';
import type { Command } from 'commander';
import { CliError, EXIT } from '../cli-error.js';
import { waitForSignal } from '../server/wait-for-signal.js';

interface ScannerWorkerFlags {
  port: string;
  host: string;
  maxConcurrent?: string;
  secretEnv: string;
  graceSeconds: string;
}

function positiveInt(name: string, value: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new CliError(`${name}: expected an integer ≥ ${min}, got "${value}"`);
  return n;
}

export function registerScannerWorker(program: Command): void {
  program
    .command('scanner-worker')
    .description(
      'Run the self-hosted SAST scanner worker: signed POST /scan {repoUrl, ref?, project, provider, callbackUrl, scanId}, GET /health',
    )
    .option('-p, --port <port>', 'port to listen on (0 picks a free one)', '8790')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option(
      '--max-concurrent <n>',
      'scans at once, more answer 429 (default SCANRELAY_SCANNER_MAX_CONCURRENT or 3)',
    )
    .option(
      '--secret-env <var>',
      'environment variable holding the shared secret requests are signed with',
      'SCANRELAY_SCANNER_SECRET',
    )
    .option(
      '--grace-seconds <s>',
      'on SIGTERM, how long running scans may finish before they report failed',
      '30',
    )
    .action(async (opts: ScannerWorkerFlags) => {
      const secret = process.env[opts.secretEnv];
      if (!secret)
        throw new CliError(
          `${opts.secretEnv} is not set: the worker needs the shared secret to check requests`,
        );
      const maxConcurrent = positiveInt(
        '--max-concurrent',
        opts.maxConcurrent ?? process.env.SCANRELAY_SCANNER_MAX_CONCURRENT ?? '3',
        1,
      );
      const port = positiveInt('--port', opts.port, 0);
      const graceMs = positiveInt('--grace-seconds', opts.graceSeconds, 0) * 1000;
      // The one outbound setting: private hosts, and http with them, for repositories and callbacks alike.
      const allowPrivateUrls = process.env.SCANRELAY_ALLOW_PRIVATE_URLS === 'true';
      const policy = { allowPrivateUrls, allowHttp: allowPrivateUrls };
      const log = (line: string) => process.stdout.write(`scanrelay: ${line}\n`);
      // Listen for the signal before announcing anything: a SIGTERM right after start must drain too.
      const stopSignal = waitForSignal();
      let worker: ScannerWorker;
      try {
        const deps = createScanDeps({ secret, policy });
        worker = await startScannerWorker({
          secret,
          port,
          host: opts.host,
          maxConcurrent,
          policy,
          deps,
          log,
        });
      } catch (cause) {
        throw new CliError(`cannot start the scanner worker: ${(cause as Error).message}`, EXIT.failed, {
          cause,
        });
      }
      log(
        `scanner worker on ${worker.url} (POST /scan, GET /health), at most ${maxConcurrent} scans at once`,
      );
      const signal = await stopSignal;
      log(`${signal}: finishing ${worker.activeScans} running scan(s), at most ${graceMs / 1000} s…`);
      await worker.close({ graceMs });
      log('stopped');
    });
}
