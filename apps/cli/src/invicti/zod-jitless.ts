import { config } from 'zod/mini';

/**
 * Turns off zod's JIT: a run parses each schema once or a few times, and compiling a fast path for
 * each costs more than it saves. zod reads the setting when a schema is built, so this module must be
 * evaluated before any schema's module: invicti-run-bundle.ts imports the run only after it (a static
 * import would not do: the bundle's chunks are evaluated before the module that imports them). In the
 * built CLI it sets the bundle's own zod (and, as zod keeps its settings on `globalThis`, any other
 * copy in the process: the parsers' on the issues path).
 */
/** @public Exported so that the bundle keeps this module (see invicti-run-bundle.ts). */
export const zodConfig = config({ jitless: true });
