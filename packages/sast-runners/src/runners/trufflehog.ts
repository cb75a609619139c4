import type { SastRunner } from '../types.js';
import type { RunnerOptions } from './find-executable.js';
import { createToolRunner } from './tool-runner.js';

/**
 * TruffleHog v3 over the checkout's files. `--no-verification`: found secrets are never sent to
 * their services to test them; `--no-update`: the binary does not replace itself.
 */
export function createTrufflehogRunner(options?: RunnerOptions): SastRunner {
  return createToolRunner(
    {
      provider: 'trufflehog',
      toolName: 'TruffleHog',
      binary: 'trufflehog',
      versionArgs: ['--version'],
      scannerType: 'trufflehog',
      okExitCodes: [0],
      emptyIsNone: true,
      invoke: () => ({ args: ['filesystem', '--json', '--no-update', '--no-verification', '.'] }),
    },
    options,
  );
}
