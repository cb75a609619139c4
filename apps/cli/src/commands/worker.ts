import { createMetrics } from '@scanrelay/api';
import { startWorkerServer, type WorkerServer } from '@scanrelay/worker';
import type { Command } from 'commander';
import { CliError, EXIT } from '../cli-error.js';
import { configWarnings, loadConfig } from '../config/index.js';
import { serverLogger, workerFrom } from '../server/build-services.js';
import { openBackends } from '../server/open-backends.js';
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
        const worker = workerFrom(config, backends, { logger, metrics });
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
