import { isClientError, type Job, TERMINAL_JOB_STATUSES } from '@scanrelay/client';
import type { Command } from 'commander';
import { CliError, EXIT } from '../cli-error.js';
import { clientFromConfig, parseTimeout } from '../upload/client-from-config.js';
import { reportStillRunning } from '../upload/report-still-running.js';

interface StatusFlags {
  jobId?: string;
  wait?: boolean;
  stream?: boolean;
  timeout?: string;
  apiUrl?: string;
  apiKey?: string;
  config?: string;
}

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('Show a job of the scanrelay service, optionally waiting for it or following its log')
    .argument('[id]', 'the job id an upload returned (or --job-id)')
    .option('--job-id <id>', 'the job id an upload returned')
    .option('--wait', 'wait until the job ends')
    .option('--stream', 'print the job log from its start, and follow it until the job ends')
    .option(
      '--timeout <duration>',
      'stop waiting after this long (e.g. 10m); exit 4 if the job is still running',
    )
    .option('--api-url <url>', 'scanrelay API (or SCANRELAY_API_URL)')
    .option('--api-key <key>', 'API key (prefer SCANRELAY_API_KEY)')
    .option('-c, --config <file>', 'configuration file')
    .action(async (id: string | undefined, o: StatusFlags) => {
      const jobId = id ?? o.jobId;
      if (!jobId) throw new CliError('status: give the job id (scanrelay status ID, or --job-id ID)');
      const timeoutMs = parseTimeout(o.timeout, '--timeout');
      const { client } = await clientFromConfig(o);
      let job: Job;
      try {
        if (o.stream) {
          // The API replays the log from its first line, also for a job that has already ended.
          job = await client.getJob(jobId);
          for await (const ev of client.streamJobLogs(jobId, { timeoutMs })) {
            if (ev.type === 'log') process.stderr.write(`[${ev.line.level}] ${ev.line.message}\n`);
            else job = ev.job;
          }
        } else if (o.wait) job = await client.waitForJob(jobId, { timeoutMs });
        else job = await client.getJob(jobId);
      } catch (err) {
        if (!(isClientError(err) && err.code === 'wait_timeout')) throw err;
        job = await client.getJob(jobId);
      }
      process.stdout.write(`${JSON.stringify(job, null, 2)}\n`);
      if (job.status === 'failed' || job.status === 'dead') process.exitCode = EXIT.failed;
      else if ((o.wait || o.stream) && !TERMINAL_JOB_STATUSES.has(job.status))
        reportStillRunning(jobId, job.status);
    });
}
