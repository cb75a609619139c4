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
// biome-ignore assist/source/organizeImports: evaluated first, before the run's schemas are built.
export { zodConfig } from './zod-jitless.js';
export { isInvictiRunError, resolveInvictiSettings, runInvicti } from '@scanrelay/invicti-run';
