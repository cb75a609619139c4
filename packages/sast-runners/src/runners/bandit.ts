import type { SastRunner } from '../types.js';
import type { RunnerOptions } from './find-executable.js';
import { createToolRunner } from './tool-runner.js';

/** Bandit (Python): `bandit -r -f json .`; `# nosec` comments are ignored, so code cannot hide itself. */
export function createBanditRunner(options?: RunnerOptions): SastRunner {
  return createToolRunner(
    {
      provider: 'bandit',
      toolName: 'Bandit',
      binary: 'bandit',
      versionArgs: ['--version'],
      scannerType: 'bandit',
      okExitCodes: [0, 1],
      invoke: () => ({ args: ['-r', '-f', 'json', '-q', '--ignore-nosec', '.'] }),
    },
    options,
  );
}
