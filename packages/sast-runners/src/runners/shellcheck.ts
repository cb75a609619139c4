import { open } from 'node:fs/promises';
import path from 'node:path';
import type { SastRunner } from '../types.js';
import type { RunnerOptions } from './find-executable.js';
import { listFiles } from './list-files.js';
import { createToolRunner } from './tool-runner.js';

const SHELL_EXTENSIONS = new Set(['.sh', '.bash', '.ksh', '.dash']);
/** A `#!` line naming sh, bash, dash or ksh, directly or through env. */
const SHELL_SHEBANG = /^#!\s?\S*\/(?:env\s+)?(?:ba|da|k)?sh\b/;
/** Files handed to one shellcheck run at most (the command line has a length limit). */
const MAX_SCRIPTS = 2_000;

async function hasShellShebang(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(128);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return SHELL_SHEBANG.test(head.subarray(0, bytesRead).toString('latin1'));
  } finally {
    await handle.close();
  }
}

/** The shell scripts of a checkout: by extension, or extensionless with a shell `#!` line. */
async function findShellScripts(dir: string): Promise<string[]> {
  const scripts: string[] = [];
  for (const file of await listFiles(dir)) {
    if (scripts.length >= MAX_SCRIPTS) break;
    const ext = path.extname(file);
    if (SHELL_EXTENSIONS.has(ext) || (ext === '' && (await hasShellShebang(path.join(dir, file)))))
      scripts.push(file);
  }
  return scripts;
}

/** ShellCheck: `shellcheck --norc -f json1` over the checkout's shell scripts (no `.shellcheckrc` of the repository). */
export function createShellcheckRunner(options?: RunnerOptions): SastRunner {
  return createToolRunner(
    {
      provider: 'shellcheck',
      toolName: 'ShellCheck',
      binary: 'shellcheck',
      versionArgs: ['--version'],
      scannerType: 'shellcheck',
      okExitCodes: [0, 1],
      invoke: async ({ dir }) => {
        const scripts = await findShellScripts(dir);
        return scripts.length === 0
          ? { args: [], skip: true }
          : { args: ['--norc', '-f', 'json1', ...scripts] };
      },
    },
    options,
  );
}
