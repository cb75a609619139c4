import { EXIT } from '../cli-error.js';

/**
 * A wait that timed out is not a failure: the job goes on in the service. Says so on stderr, with the
 * command that follows it, and sets the documented exit code (4).
 */
export function reportStillRunning(jobId: string, status: string): void {
  process.stderr.write(
    `scanrelay: job ${jobId} is still ${status}; follow it with: scanrelay status ${jobId} --stream\n`,
  );
  process.exitCode = EXIT.stillRunning;
}
