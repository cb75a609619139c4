import type { SastRunner } from '../types.js';
import type { RunnerOptions } from './find-executable.js';
import { createToolRunner } from './tool-runner.js';

/** njsscan (Node.js): `njsscan --json .`. */
export function createNjsscanRunner(options?: RunnerOptions): SastRunner {
  return createToolRunner(
    {
      provider: 'njsscan',
      toolName: 'njsscan',
      binary: 'njsscan',
      versionArgs: ['--version'],
      scannerType: 'njsscan',
      okExitCodes: [0, 1],
      invoke: () => ({ args: ['--json', '.'] }),
    },
    options,
  );
}
