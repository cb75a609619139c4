/** How long a finished command may wait for the event loop to empty before the process exits anyway. */
export const EXIT_GRACE_MS = 3_000;

/**
 * Called once `main` has returned: the process should end as soon as nothing is pending. A handle
 * that something forgot to close (a socket kept alive, a timer, a parse still running after its job
 * was released) would keep it alive forever, so after a grace period the process exits with its code,
 * naming what was still open on standard error. The timer is unref'd: it never delays a clean exit.
 */
export function exitWhenDone(code: number, graceMs = EXIT_GRACE_MS): void {
  process.exitCode = code;
  const timer = setTimeout(() => {
    const open = process
      .getActiveResourcesInfo()
      .filter((r) => r !== 'TTYWrap' && r !== 'Timeout')
      .join(', ');
    process.stderr.write(
      `scanrelay: exiting ${graceMs} ms after the command finished although work was still open${open ? ` (${open})` : ''}\n`,
    );
    process.exit(code);
  }, graceMs);
  timer.unref();
}
