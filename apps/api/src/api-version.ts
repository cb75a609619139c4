import { createRequire } from 'node:module';

/**
 * This package's version, read from its package.json once: `../package.json` is the same file from
 * `src/api-version.ts` (tests, the workspace) and from the bundled `dist/index.js`.
 */
export const API_VERSION: string = (createRequire(import.meta.url)('../package.json') as { version: string })
  .version;
