import { PATTERNS_TOOL, scanPatterns } from '../patterns/scan-patterns.js';
import { SastError } from '../sast-error.js';
import type { SastRunner } from '../types.js';

/** The built-in provider: no external tool, always installed (see src/patterns/RULES.md). */
export function createPatternsRunner(): SastRunner {
  const tool = { name: PATTERNS_TOOL.name, version: PATTERNS_TOOL.version };
  return {
    provider: 'patterns',
    toolName: PATTERNS_TOOL.name,
    detect: async () => ({ installed: true, version: PATTERNS_TOOL.version }),
    scan: async (dir, limits) => {
      if (limits.signal?.aborted) throw new SastError('aborted', 'the patterns scan was cancelled');
      try {
        const { findings } = await scanPatterns(dir, { deadline: Date.now() + limits.timeoutMs });
        return { tool, findings };
      } catch (e) {
        if (e instanceof RangeError)
          throw new SastError(
            'tool_failed',
            `the patterns scan did not finish within ${limits.timeoutMs} ms`,
          );
        throw new SastError('tool_failed', `the patterns scan failed: ${(e as Error).message}`, { cause: e });
      }
    },
  };
}
