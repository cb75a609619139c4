import { isClientError } from '@scanrelay/client';
import { writeFileAtomic } from '@scanrelay/invicti-run';
import type { Command } from 'commander';
import { CliError, EXIT } from '../cli-error.js';
import { clientFromConfig } from '../upload/client-from-config.js';

interface VexFlags {
  project: string;
  output?: string;
  apiUrl?: string;
  apiKey?: string;
  config?: string;
}

async function runVex(o: VexFlags): Promise<void> {
  const { client } = await clientFromConfig(o);
  let text: string;
  try {
    text = `${JSON.stringify(await client.projectVex(o.project), null, 2)}\n`;
  } catch (err) {
    if (!isClientError(err)) throw err;
    const refused = err.status !== undefined && err.status >= 400 && err.status < 500;
    throw new CliError(`vex: ${err.detail}`, refused ? EXIT.usage : EXIT.failed, { cause: err });
  }
  if (o.output && o.output !== '-') {
    await writeFileAtomic(o.output, text);
    process.stderr.write(`scanrelay vex: OpenVEX document of ${o.project} written to ${o.output}\n`);
  } else process.stdout.write(text);
}

export function registerVex(program: Command): void {
  program
    .command('vex')
    .description(
      "Export a project's triage decisions as an OpenVEX document (false positive: not_affected, accepted risk: affected, fixed)",
    )
    .requiredOption('--project <name>', 'the project')
    .option('-o, --output <file>', 'write there (atomically) instead of standard output')
    .option('--api-url <url>', 'scanrelay API (or SCANRELAY_API_URL)')
    .option('--api-key <key>', 'API key with the read scope (prefer SCANRELAY_API_KEY)')
    .option('-c, --config <file>', 'configuration file')
    .addHelpText(
      'after',
      '\nExit codes: 0 written; 2 the service refused (404: unknown project, or nothing triaged with a CVE, GHSA or OSV id); 1 the service failed.',
    )
    .action(runVex);
}
