import { TERMINAL_JOB_STATUSES } from '@scanrelay/client';
import type { Command } from 'commander';
import { EXIT } from '../cli-error.js';
import { clientFromConfig, parseTimeout } from '../upload/client-from-config.js';

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('Show a job of the scanrelay service, optionally waiting for it or following its log')
    .requiredOption('--job-id <id>', 'the job id an upload returned')
    .option('--wait', 'wait until the job ends')
    .option('--stream', 'follow the job log until the job ends')
    .option('--timeout <duration>', 'give up waiting after this long (e.g. 10m)')
    .option('--api-url <url>', 'scanrelay API (or SCANRELAY_API_URL)')
    .option('--api-key <key>', 'API key (prefer SCANRELAY_API_KEY)')
    .option('-c, --config <file>', 'configuration file')
    .action(
      async (o: {
        jobId: string;
        wait?: boolean;
        stream?: boolean;
        timeout?: string;
        apiUrl?: string;
        apiKey?: string;
        config?: string;
      }) => {
        const timeoutMs = parseTimeout(o.timeout, '--timeout');
        const { client } = await clientFromConfig(o);
        let job = await client.getJob(o.jobId);
        if (o.stream && !TERMINAL_JOB_STATUSES.has(job.status)) {
          for await (const ev of client.streamJobLogs(o.jobId)) {
            if (ev.type === 'log') process.stderr.write(`[${ev.line.level}] ${ev.line.message}\n`);
            else job = ev.job;
          }
        } else if (o.wait) {
          job = await client.waitForJob(o.jobId, { timeoutMs });
        }
        process.stdout.write(`${JSON.stringify(job, null, 2)}\n`);
        if (job.status === 'failed' || job.status === 'dead') process.exitCode = EXIT.failed;
      },
    );
}
