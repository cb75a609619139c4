import { type Forward, isClientError, type ScanrelayClient } from '@scanrelay/client';
import type { Command } from 'commander';
import { CliError, EXIT } from '../cli-error.js';
import { clientFromConfig, parseTimeout } from '../upload/client-from-config.js';

interface ForwardFlags {
  scanId: string;
  destination: string[];
  wait?: boolean;
  timeout?: string;
  apiUrl?: string;
  apiKey?: string;
  config?: string;
}

const settled = (f: Forward) => f.status === 'done' || f.status === 'dead';

/** Polls a scan's forwards until every one is done or dead, or the time is up. */
export async function waitForForwards(
  client: ScanrelayClient,
  scanId: string,
  ids: ReadonlySet<string>,
  timeoutMs = Number.POSITIVE_INFINITY,
): Promise<{ forwards: Forward[]; settled: boolean }> {
  const deadline = Date.now() + timeoutMs;
  let interval = 250;
  for (;;) {
    const forwards = (await client.scanForwards(scanId)).items.filter((f) => ids.size === 0 || ids.has(f.id));
    if (forwards.every(settled)) return { forwards, settled: true };
    if (Date.now() + interval > deadline) return { forwards, settled: false };
    await new Promise((r) => setTimeout(r, interval));
    interval = Math.min(interval * 2, 5000);
  }
}

export function registerForward(program: Command): void {
  program
    .command('forward')
    .description(
      "Send a stored scan's findings to destinations again (Phoenix, DefectDojo, secureCodeBox, webhooks)",
    )
    .requiredOption('--scan-id <id>', 'the scan to forward (an upload job result gives its scanId)')
    .option(
      '--destination <name>',
      'a configured destination (repeatable); default: the service’s default destinations',
      (v: string, all: string[]) => [...all, v],
      [] as string[],
    )
    .option('--wait', 'wait until every forward is done or dead; exit 1 when one is dead')
    .option('--timeout <duration>', 'stop waiting after this long (e.g. 10m); exit 4 if still running')
    .option('--api-url <url>', 'scanrelay API (or SCANRELAY_API_URL)')
    .option('--api-key <key>', 'API key (prefer SCANRELAY_API_KEY)')
    .option('-c, --config <file>', 'configuration file')
    .action(async (o: ForwardFlags) => {
      const timeoutMs = parseTimeout(o.timeout, '--timeout');
      const { client } = await clientFromConfig(o);
      let queued: Forward[];
      try {
        queued = (await client.forwardScan(o.scanId, o.destination.length > 0 ? o.destination : undefined))
          .items;
      } catch (err) {
        if (isClientError(err)) throw new CliError(`forward: ${err.message}`, EXIT.usage);
        throw err;
      }
      let forwards = queued;
      if (o.wait) {
        const waited = await waitForForwards(client, o.scanId, new Set(queued.map((f) => f.id)), timeoutMs);
        forwards = waited.forwards;
        if (!waited.settled) {
          process.stderr.write(
            `scanrelay: forwards of scan ${o.scanId} are still running; they go on in the service\n`,
          );
          process.exitCode = EXIT.stillRunning;
        }
      }
      process.stdout.write(`${JSON.stringify({ scanId: o.scanId, forwards }, null, 2)}\n`);
      if (forwards.some((f) => f.status === 'dead')) process.exitCode = EXIT.failed;
    });
}
