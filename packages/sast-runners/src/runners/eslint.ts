import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SastRunner } from '../types.js';
import type { RunnerOptions } from './find-executable.js';
import { createToolRunner } from './tool-runner.js';

const require = createRequire(import.meta.url);

/**
 * The only ESLint configuration ever used: eslint-plugin-security's recommended rules on JavaScript
 * files. Written to a temporary folder, because a repository's own eslint.config.js is code and
 * would run on our machine.
 */
function eslintConfigSource(pluginFile: string): string {
  return [
    `import security from ${JSON.stringify(pathToFileURL(pluginFile).href)};`,
    'export default [',
    '  {',
    "    files: ['**/*.js', '**/*.mjs', '**/*.cjs', '**/*.jsx'],",
    '    languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } },',
    '    plugins: { security },',
    '    rules: security.configs.recommended.rules,',
    '  },',
    '];',
    '',
  ].join('\n');
}

/** ESLint with eslint-plugin-security; `--no-inline-config` so `eslint-disable` comments hide nothing. */
export function createEslintRunner(options?: RunnerOptions): SastRunner {
  return createToolRunner(
    {
      provider: 'eslint',
      toolName: 'ESLint',
      binary: 'eslint',
      npmTool: true,
      versionArgs: ['--version'],
      scannerType: 'eslint',
      okExitCodes: [0, 1],
      invoke: async ({ workDir }) => {
        const config = path.join(workDir, 'eslint.config.mjs');
        await writeFile(config, eslintConfigSource(require.resolve('eslint-plugin-security')));
        return {
          args: [
            '--config',
            config,
            '--format',
            'json',
            '--no-inline-config',
            '--no-warn-ignored',
            '--no-error-on-unmatched-pattern',
            '.',
          ],
        };
      },
    },
    options,
  );
}
