export interface InterruptTrap {
  /** Aborted by the first SIGINT/SIGTERM. */
  signal: AbortSignal;
  /** The signal received, if any. */
  received(): NodeJS.Signals | undefined;
  /** Removes the handlers. */
  release(): void;
}

/**
 * Turns the first SIGINT/SIGTERM into an aborted signal, so a blocking wait can stop, cancel the remote
 * scan if asked, and say what it did. A second signal exits at once with 130.
 */
export function trapInterrupts(): InterruptTrap {
  const controller = new AbortController();
  let received: NodeJS.Signals | undefined;
  const onSignal = (sig: NodeJS.Signals) => {
    if (received) {
      process.stderr.write(`\nscanrelay: ${sig} again: exiting now\n`);
      process.exit(130);
    }
    received = sig;
    controller.abort(new Error(`received ${sig}`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    received: () => received,
    release(): void {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
