import type { SastProvider, SastRunner } from '../types.js';
import { createBanditRunner } from './bandit.js';
import { createCppcheckRunner } from './cppcheck.js';
import { createEslintRunner } from './eslint.js';
import type { RunnerOptions } from './find-executable.js';
import { createFlawfinderRunner } from './flawfinder.js';
import { createNjsscanRunner } from './njsscan.js';
import { createPatternsRunner } from './patterns.js';
import { createSecretlintRunner } from './secretlint.js';
import { createSemgrepRunner } from './semgrep.js';
import { createShellcheckRunner } from './shellcheck.js';
import { createTrufflehogRunner } from './trufflehog.js';

export type { RunnerOptions } from './find-executable.js';

const FACTORIES: Record<SastProvider, (options?: RunnerOptions) => SastRunner> = {
  patterns: createPatternsRunner,
  semgrep: createSemgrepRunner,
  njsscan: createNjsscanRunner,
  trufflehog: createTrufflehogRunner,
  bandit: createBanditRunner,
  shellcheck: createShellcheckRunner,
  cppcheck: createCppcheckRunner,
  flawfinder: createFlawfinderRunner,
  eslint: createEslintRunner,
  secretlint: createSecretlintRunner,
};

/** The runner of `provider`; `options.binDirs` are searched for its tool before PATH. */
export function getRunner(provider: SastProvider, options?: RunnerOptions): SastRunner {
  const factory = FACTORIES[provider];
  if (!factory) throw new TypeError(`@scanrelay/sast-runners: unknown provider "${String(provider)}"`);
  return factory(options);
}
