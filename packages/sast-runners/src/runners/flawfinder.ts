import type { SastRunner } from '../types.js';
import type { RunnerOptions } from './find-executable.js';
import { createToolRunner } from './tool-runner.js';

/** Flawfinder (C/C++): `--csv`; `--neverignore` so `flawfinder: ignore` comments hide nothing. */
export function createFlawfinderRunner(options?: RunnerOptions): SastRunner {
  return createToolRunner(
    {
      provider: 'flawfinder',
      toolName: 'Flawfinder',
      binary: 'flawfinder',
      versionArgs: ['--version'],
      scannerType: 'flawfinder',
      okExitCodes: [0],
      invoke: () => ({ args: ['--csv', '--dataonly', '--quiet', '--neverignore', '.'] }),
    },
    options,
  );
}
