import path from 'node:path';
import type { SastRunner } from '../types.js';
import type { RunnerOptions } from './find-executable.js';
import { createToolRunner } from './tool-runner.js';

/** Cppcheck (C/C++): XML version 2 written to a file; inline suppressions are not honoured. */
export function createCppcheckRunner(options?: RunnerOptions): SastRunner {
  return createToolRunner(
    {
      provider: 'cppcheck',
      toolName: 'Cppcheck',
      binary: 'cppcheck',
      versionArgs: ['--version'],
      scannerType: 'cppcheck',
      okExitCodes: [0],
      invoke: ({ workDir }) => {
        const reportFile = path.join(workDir, 'cppcheck.xml');
        return {
          args: [
            '--xml',
            '--xml-version=2',
            '--enable=warning,style,performance,portability',
            '--suppress=missingIncludeSystem',
            '--quiet',
            `--output-file=${reportFile}`,
            '.',
          ],
          reportFile,
        };
      },
    },
    options,
  );
}
