import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SastRunner } from '../types.js';
import type { RunnerOptions } from './find-executable.js';
import { createToolRunner } from './tool-runner.js';

/** The recommended preset only; the repository's .secretlintrc and .secretlintignore are never read. */
const SECRETLINT_CONFIG = { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] };

/** secretlint with the recommend preset, secrets masked in its output (its default). */
export function createSecretlintRunner(options?: RunnerOptions): SastRunner {
  return createToolRunner(
    {
      provider: 'secretlint',
      toolName: 'secretlint',
      binary: 'secretlint',
      npmTool: true,
      versionArgs: ['--version'],
      scannerType: 'secretlint',
      okExitCodes: [0, 1],
      invoke: async ({ workDir }) => {
        const rc = path.join(workDir, 'secretlintrc.json');
        const ignore = path.join(workDir, 'secretlintignore');
        await writeFile(rc, JSON.stringify(SECRETLINT_CONFIG));
        await writeFile(ignore, '.git/\n');
        return {
          args: [
            '--secretlintrc',
            rc,
            '--secretlintignore',
            ignore,
            '--format',
            'json',
            '--no-color',
            '--no-terminalLink',
            '**/*',
          ],
        };
      },
    },
    options,
  );
}
