import { type Metrics, startMetricsServer } from '@scanrelay/api';
import { CliError, EXIT } from '../cli-error.js';
import type { CliConfig } from '../config/index.js';

/**
 * `serve`'s separate metrics listener on `server.host:server.metricsPort`, when configured; prints
 * where it listens. A port that cannot be bound is a CliError (exit 1).
 */
export async function startMetricsListener(
  config: CliConfig,
  metrics: Metrics,
): Promise<{ close(): Promise<void> } | undefined> {
  const { metricsPort, metricsToken, host } = config.server;
  if (metricsPort === undefined) return undefined;
  try {
    const server = await startMetricsServer(metrics, { port: metricsPort, host, token: metricsToken });
    process.stdout.write(`scanrelay: metrics on ${server.url}/metrics\n`);
    return server;
  } catch (cause) {
    throw new CliError(
      `server.metricsPort: cannot listen on ${host}:${metricsPort}: ${(cause as Error).message}`,
      EXIT.failed,
    );
  }
}
