import { isClientError, type PublishAnswer } from '@scanrelay/client';
import type { Command } from 'commander';
import { CliError, EXIT } from '../cli-error.js';
import { clientFromConfig } from '../upload/client-from-config.js';

interface PublishFlags {
  project: string;
  repo: string;
  ref?: string;
  provider?: string[];
  json?: boolean;
  apiUrl?: string;
  apiKey?: string;
  config?: string;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** The answer for a person: one line per scan dispatched or skipped. */
function describe(answer: PublishAnswer): string {
  const at = answer.ref ? ` at ${answer.ref}` : '';
  const lines = [`scanrelay: published ${answer.project} (${answer.repoUrl}${at})`];
  for (const s of answer.scans) {
    const where = s.runUrl ? ` ${s.runUrl}` : s.jobId ? ` job ${s.jobId}` : '';
    lines.push(
      s.status === 'failed'
        ? `  ${s.provider}: dispatch to ${s.backend} FAILED: ${s.error ?? 'no reason given'} (scan ${s.scanId})`
        : `  ${s.provider}: scan ${s.scanId} dispatched to ${s.backend}${where}`,
    );
  }
  for (const s of answer.skipped) lines.push(`  ${s.provider}: skipped, ${s.detail} (scan ${s.scanId})`);
  return `${lines.join('\n')}\n`;
}

async function runPublish(flags: PublishFlags): Promise<void> {
  const { client } = await clientFromConfig(flags);
  let answer: PublishAnswer;
  try {
    answer = await client.publish(flags.project, {
      repoUrl: flags.repo,
      ...(flags.ref ? { ref: flags.ref } : {}),
      ...(flags.provider?.length ? { providers: flags.provider } : {}),
    });
  } catch (err) {
    if (!isClientError(err)) throw err;
    if (err.status === 429) {
      const when = err.retryAfter !== undefined ? `in ${err.retryAfter} s` : 'later';
      throw new CliError(
        `publish: the dispatch limit is reached (${err.detail}); retry ${when}`,
        EXIT.failed,
        {
          cause: err,
        },
      );
    }
    const fields = err.errors.map((e) => ` ${e.path}: ${e.message}`).join(';');
    const exit = err.status !== undefined && err.status < 500 ? EXIT.usage : EXIT.failed;
    throw new CliError(`publish: ${err.detail}${fields ? ` (${fields.trim()})` : ''}`, exit, { cause: err });
  }
  if (flags.json) process.stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
  else process.stdout.write(describe(answer));
  if (answer.scans.some((s) => s.status === 'failed')) process.exitCode = EXIT.failed;
}

export function registerPublish(program: Command): void {
  program
    .command('publish')
    .description(
      "Publish a project to the scanrelay service: it dispatches the repository's external SAST scans (exit 1 when a dispatch failed or the hourly limit is reached)",
    )
    .requiredOption('--project <name>', 'the project (skill, repository) name')
    .requiredOption('--repo <url>', 'the repository to scan (https; no credentials in the URL)')
    .option('--ref <ref>', 'a branch, tag or 40-hex commit (default: the default branch)')
    .option(
      '--provider <name>',
      'a provider to scan with; repeat for several (default: the configured ones)',
      collect,
    )
    .option('--json', 'print the answer as JSON')
    .option('--api-url <url>', 'scanrelay API (or SCANRELAY_API_URL)')
    .option('--api-key <key>', 'API key with the upload scope (prefer SCANRELAY_API_KEY)')
    .option('-c, --config <file>', 'configuration file')
    .addHelpText(
      'after',
      '\nA provider with a scan still pending or running is skipped (listed, not an error). Past the\nhourly dispatch limit the service answers 429: exit 1 with when to retry.',
    )
    .action(runPublish);
}
