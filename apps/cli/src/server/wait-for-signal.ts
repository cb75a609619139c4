/** Exit code of a process ended by a second signal during its drain (128 + SIGTERM's number). */
const FORCED_EXIT = 143;

/**
 * Resolves with the first SIGTERM or SIGINT. A second signal while the caller drains ends the process
 * at once: an operator who asks twice does not wait for the drain's timeouts.
 */
export function waitForSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const first = (signal: NodeJS.Signals) => {
      process.off('SIGTERM', first);
      process.off('SIGINT', first);
      const again = (next: NodeJS.Signals) => {
        process.stderr.write(`scanrelay: ${next} again: stopping now without finishing the drain\n`);
        process.exit(FORCED_EXIT);
      };
      process.once('SIGTERM', again);
      process.once('SIGINT', again);
      resolve(signal);
    };
    process.on('SIGTERM', first);
    process.on('SIGINT', first);
  });
}
