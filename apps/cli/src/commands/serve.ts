import { createApi, createMetrics } from '@scanrelay/api';
import type { Command } from 'commander';
import { CliError, EXIT } from '../cli-error.js';
import { type CliConfig, configWarnings, loadConfig } from '../config/index.js';
import {
  apiConfigFrom,
  forwardingFrom,
  metricsAccessFrom,
  serverLogger,
  workerFrom,
} from '../server/build-services.js';
import { githubDispatcherFrom } from '../server/github-dispatcher.js';
import { openBackends } from '../server/open-backends.js';
import {
  ownCallbackUrl,
  type SastSecrets,
  sastJobDepsFrom,
  sastSecretsFrom,
} from '../server/sast-services.js';
import { startMetricsListener } from '../server/start-metrics-listener.js';
import { waitForSignal } from '../server/wait-for-signal.js';

interface ServeOptions {
  port?: string;
  host?: string;
  dataDir?: string;
  config?: string;
  worker: boolean;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Run the API and a worker in one process (SQLite and the embedded queue by default)')
    .option('-p, --port <port>', 'port to listen on (default 8787; 0 picks a free one)')
    .option('--host <host>', 'address to listen on (default 127.0.0.1)')
    .option('-d, --data-dir <dir>', 'where the SQLite database, queue and uploads live (default ./data)')
    .option('-c, --config <file>', 'configuration file (default ./scanrelay.config.yaml when present)')
    .option('--no-worker', 'run only the API (workers run with `scanrelay worker`)')
    .addHelpText(
      'after',
      [
        '',
        'Environment: DATABASE_URL (postgres://…), REDIS_URL (redis://…), SCANRELAY_PORT, SCANRELAY_DATA_DIR, …',
        '',
        'External SAST works with nothing configured: a publish scans with the built-in `patterns` provider',
        "in this process's worker, which posts its signed, attested result back to this server. Unless set",
        '(SCANRELAY_SAST_CALLBACK_SECRET, SCANRELAY_SAST_SIGNING_KEY), the callback secret and the Ed25519',
        'signing key are generated into <data-dir>/sast-callback.secret and <data-dir>/sast-signing.key',
        '(mode 0600); the callback URL defaults to this listener (SCANRELAY_SAST_CALLBACK_URL overrides it).',
      ].join('\n'),
    )
    .action(async (opts: ServeOptions) => {
      const { config, file } = await loadConfig({
        configPath: opts.config,
        flags: { 'server.port': opts.port, 'server.host': opts.host, 'server.dataDir': opts.dataDir },
      });
      if (file) process.stdout.write(`scanrelay: configuration read from ${file}\n`);
      for (const w of configWarnings(config)) process.stderr.write(`scanrelay: warning: ${w}\n`);
      const dispatcher = await githubDispatcherFrom(config);
      const logger = serverLogger(config, 'scanrelay');
      const backends = await openBackends(config.server);
      const metrics = createMetrics();
      // One set of destinations (and one secrets key) for the API and the in-process worker.
      const forwarding = forwardingFrom(config, backends.dataDir, logger);
      // Local SAST results are signed and attested with nothing configured: generated into the data dir.
      let sast: SastSecrets;
      try {
        sast = sastSecretsFrom(config, backends.dataDir, { generate: true, logger });
      } catch (e) {
        await backends.close();
        throw e;
      }
      const api = createApi({
        store: backends.store,
        queue: backends.queue,
        dispatcher,
        config: apiConfigFrom(config, backends.dataDir, sast),
        logger,
        metrics,
        metricsAccess: metricsAccessFrom(config),
        forwarding,
      });
      // Listen for the signal before announcing anything: a SIGTERM right after start must drain too.
      const stopSignal = waitForSignal();
      let url: string;
      try {
        ({ url } = await api.start({ port: config.server.port, host: config.server.host }));
      } catch (cause) {
        await backends.close();
        throw new CliError(
          `cannot listen on ${config.server.host}:${config.server.port}: ${(cause as Error).message}`,
          EXIT.failed,
        );
      }
      // The callback URL defaults to this listener, known only now (port 0 picks one).
      const callbackUrl = config.sast.callbackUrl ?? ownCallbackUrl(url);
      api.services.sast.config.callbackUrl ??= callbackUrl;
      const metricsListener = await startMetricsListener(config, metrics).catch(async (e) => {
        await api.close();
        await backends.close();
        throw e;
      });
      const worker = opts.worker
        ? workerFrom(config, backends, {
            logger,
            metrics,
            forwarding,
            sast: sastJobDepsFrom(config, sast, callbackUrl),
          })
        : undefined;
      worker?.start();
      process.stdout.write(
        `scanrelay: listening on ${url} (${backends.describe}${worker ? '' : ', no worker'})\n`,
      );
      process.stdout.write(`scanrelay: API docs at ${url}/docs\n`);
      if (!(await hasAnyKey(backends.store))) {
        process.stdout.write(
          `scanrelay: no API key exists yet; create one with:\n  ${keysCreateHint(config, backends.dataDir)}\n`,
        );
      }
      const signal = await stopSignal;
      process.stdout.write(`scanrelay: ${signal}: draining…\n`);
      await api.close({ timeoutMs: 10_000 });
      await metricsListener?.close();
      await worker?.close(30_000);
      await backends.close();
      process.stdout.write('scanrelay: stopped\n');
    });
}

/**
 * The command that creates a first key in the database this server uses: `keys create` opens the
 * same store from the same settings, so with DATABASE_URL it needs that variable, not a data dir
 * (which would write the key into a SQLite file the server never reads).
 */
export function keysCreateHint(config: CliConfig, dataDir: string): string {
  const base = 'scanrelay keys create --tenant default --scopes upload,read,admin';
  if (config.server.databaseUrl) return `${base}    (run with the same DATABASE_URL as this server)`;
  return `${base} --data-dir ${JSON.stringify(dataDir)}`;
}

async function hasAnyKey(store: import('@scanrelay/storage').Store): Promise<boolean> {
  for (const tenant of await store.tenants.list()) {
    if ((await store.apiKeys.list(tenant.id)).some((k) => !k.revokedAt)) return true;
  }
  return false;
}
