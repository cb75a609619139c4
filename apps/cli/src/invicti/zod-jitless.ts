import { config } from 'zod';

/**
 * Turns off zod's JIT: a run parses each schema once or a few times, and compiling a fast path for
 * each costs more than it saves. zod reads the setting when a schema is built, so this module must be
 * evaluated before any schema's module (see invicti-run-bundle.ts). In the built CLI it sets the
 * bundle's own zod; no other package's settings change.
 */
/** @public Exported so that the bundle keeps this module (see invicti-run-bundle.ts). */
export const zodConfig = config({ jitless: true });
