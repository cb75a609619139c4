/**
 * What `scanrelay invicti` needs from @scanrelay/invicti-run. The build bundles this file with the
 * run, the Invicti client, ky, zod and the findings schema (tsup.config.ts): a launch reads a few
 * files instead of ~115 (zod alone is ~95), and what it does not use (ky, waiting, issues) is in
 * chunks loaded on first use. Nothing that crosses this boundary is a
 * zod schema: settings, outcomes and findings are plain data, and errors are recognised by
 * `isInvictiRunError` from the same bundle. The parsers (issues only) stay a separate, shared import.
 */

// Re-exported, not imported for its effect only: the package's `sideEffects: false` would let the
// bundler drop it.
/** @public */
export { zodConfig } from './zod-jitless.js';

// Imported dynamically, after zod-jitless.ts has run: zod decides whether a schema compiles a fast
// path when the schema is built, and the bundle's chunks (where the client's and the findings
// schemas live) would be evaluated before this module's own code if they were imported statically.
const run = await import('@scanrelay/invicti-run');

export const { isInvictiRunError, resolveInvictiSettings, runInvicti } = run;
