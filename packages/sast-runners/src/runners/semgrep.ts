import type { SastRunner } from '../types.js';
import type { RunnerOptions } from './find-executable.js';
import { createToolRunner } from './tool-runner.js';

/** Semgrep with the registry's default rules, metrics and the version check off. */
export function createSemgrepRunner(options?: RunnerOptions): SastRunner {
  return createToolRunner(
    {
      provider: 'semgrep',
      toolName: 'Semgrep',
      binary: 'semgrep',
      versionArgs: ['--version'],
      scannerType: 'semgrep',
      okExitCodes: [0, 1],
      invoke: () => ({
        args: [
          'scan',
          '--json',
          '--quiet',
          '--metrics=off',
          '--disable-version-check',
          '--config',
          'p/default',
          '.',
        ],
      }),
    },
    options,
  );
}
