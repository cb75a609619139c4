/**
 * Exit codes shared by every command (DESIGN.md): 0 ok, 1 check failed, 2 bad input or launch failed,
 * 3 scan did not complete, 4 a wait timed out while the job is still running (follow it with
 * `scanrelay status <id> --stream`), 130 interrupted.
 */
export const EXIT = { ok: 0, failed: 1, usage: 2, incomplete: 3, stillRunning: 4, interrupted: 130 } as const;

/** An error that a command turns into a message on stderr and an exit code; no stack trace. */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number = EXIT.usage, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}
