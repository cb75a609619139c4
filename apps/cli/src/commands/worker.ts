import { createWorker } from '@scanrelay/worker';
import type { Command } from 'commander';
import { loadConfig } from '../config/index.js';
import { invictiOptionsFrom, serverLogger } from '../server/build-services.js';
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
    .option('-c, --config <file>', 'configuration file (default ./scanrelay.config.yaml when present)')
    .action(async (opts: { dataDir?: string; concurrency?: string; config?: string }) => {
      const { config, file } = await loadConfig({
        configPath: opts.config,
        flags: { 'server.dataDir': opts.dataDir, 'server.workerConcurrency': opts.concurrency },
      });
      if (file) process.stdout.write(`scanrelay: configuration read from ${file}\n`);
      const logger = serverLogger(config, 'scanrelay-worker');
      const backends = await openBackends(config.server);
      const worker = createWorker({
        store: backends.store,
        queue: backends.queue,
        dataDir: backends.dataDir,
        invicti: invictiOptionsFrom(config),
        logger,
        concurrency: config.server.workerConcurrency,
        leaseMs: config.server.workerLeaseMs,
      });
      // Listen for the signal before announcing anything: a SIGTERM right after start must drain too.
      const stopSignal = waitForSignal();
      worker.start();
      process.stdout.write(
        `scanrelay: worker running (${backends.describe}, concurrency ${config.server.workerConcurrency})\n`,
      );
      const signal = await stopSignal;
      process.stdout.write(`scanrelay: ${signal}: finishing running jobs…\n`);
      await worker.close(30_000);
      await backends.close();
      process.stdout.write('scanrelay: stopped\n');
    });
}
