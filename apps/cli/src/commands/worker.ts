import { createMetrics } from '@scanrelay/api';
import type { SastJobDeps } from '@scanrelay/core';
import { startWorkerServer, type WorkerServer } from '@scanrelay/worker';
import type { Command } from 'commander';
import { CliError, EXIT } from '../cli-error.js';
import { configWarnings, loadConfig } from '../config/index.js';
import { serverLogger, workerFrom } from '../server/build-services.js';
import { openBackends } from '../server/open-backends.js';
import { localSastGap, sastJobDepsFrom, sastSecretsFrom } from '../server/sast-services.js';
import { waitForSignal } from '../server/wait-for-signal.js';

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description(
      'Run a queue worker (scale out with DATABASE_URL and REDIS_URL; uploads need a data dir shared with the API)',
    )
    .option(
      '-d, --data-dir <dir>',
      'where uploads are read from and, without DATABASE_URL, the SQLite database lives (default ./data)',
    )
    .option('--concurrency <n>', 'jobs at once (default 2)')
    .option(
      '--health-port <port>',
      'serve GET /health and GET /metrics on this port of server.host (default off; 0 picks a free one)',
    )
    .option('-c, --config <file>', 'configuration file (default ./scanrelay.config.yaml when present)')
    .addHelpText(
      'after',
      [
        '',
        'Local SAST scans (providers on the `local` backend) post their results to sast.callbackUrl',
        "(SCANRELAY_SAST_CALLBACK_URL: the API's /api/v1/webhooks/scan-results), signed with",
        'sast.callbackSecrets (SCANRELAY_SAST_CALLBACK_SECRET) and attested with sast.signingKey',
        '(SCANRELAY_SAST_SIGNING_KEY); the secret and the key default to the ones `serve` keeps in a',
        'shared data dir. Without a callback URL and a secret those scans fail, saying which is missing.',
      ].join('\n'),
    )
    .action(
      async (opts: { dataDir?: string; concurrency?: string; healthPort?: string; config?: string }) => {
        const { config, file } = await loadConfig({
          configPath: opts.config,
          flags: {
            'server.dataDir': opts.dataDir,
            'server.workerConcurrency': opts.concurrency,
            'server.workerHealthPort': opts.healthPort,
          },
        });
        if (file) process.stdout.write(`scanrelay: configuration read from ${file}\n`);
        for (const w of configWarnings(config)) process.stderr.write(`scanrelay: warning: ${w}\n`);
        const logger = serverLogger(config, 'scanrelay-worker');
        const backends = await openBackends(config.server);
        const metrics = createMetrics();
        metrics.setQueueCounts(async () => ({ scanrelay: await backends.queue.counts('scanrelay') }));
        // Local SAST jobs post their results to sast.callbackUrl, signed with the configured secret (or
        // the one `serve` kept in a shared data dir); without them those jobs fail and say so.
        let sast: SastJobDeps;
        try {
          const secrets = sastSecretsFrom(config, backends.dataDir, { generate: false, logger });
          sast = sastJobDepsFrom(config, secrets, config.sast.callbackUrl);
        } catch (e) {
          await backends.close();
          throw e;
        }
        const gap = localSastGap(config, sast);
        if (gap) process.stderr.write(`scanrelay: warning: ${gap}\n`);
        const worker = workerFrom(config, backends, { logger, metrics, sast });
        // Listen for the signal before announcing anything: a SIGTERM right after start must drain too.
        const stopSignal = waitForSignal();
        let server: WorkerServer | undefined;
        const { workerHealthPort: port, host, metricsToken } = config.server;
        if (port !== undefined) {
          try {
            server = await startWorkerServer({ ...backends, metrics, port, host, token: metricsToken });
          } catch (cause) {
            await backends.close();
            throw new CliError(
              `server.workerHealthPort: cannot listen on ${host}:${port}: ${(cause as Error).message}`,
              EXIT.failed,
            );
          }
        }
        worker.start();
        process.stdout.write(
          `scanrelay: worker running (${backends.describe}, concurrency ${config.server.workerConcurrency})\n`,
        );
        if (server)
          process.stdout.write(
            `scanrelay: worker health on ${server.url}/health, metrics on ${server.url}/metrics\n`,
          );
        const signal = await stopSignal;
        process.stdout.write(`scanrelay: ${signal}: finishing running jobs…\n`);
        await worker.close(30_000);
        await server?.close();
        await backends.close();
        process.stdout.write('scanrelay: stopped\n');
      },
    );
}
