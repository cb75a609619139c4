import { createTsupConfig } from '../../tsup.shared';

/** Bundled by the second build below and imported at run time by src/invicti/invicti-command.ts. */
const INVICTI_RUN_BUNDLE = './invicti-run-bundle.js';

export default [
  // Commands are loaded on demand (src/commands/index.ts): split them into chunks so a run of one
  // command never loads the dependencies of another.
  createTsupConfig(['src/index.ts', 'src/bin.ts'], {
    splitting: true,
    external: [INVICTI_RUN_BUNDLE],
    // Every command loads commander: bundled, it is one module instead of a CommonJS package read
    // through Node's CommonJS loader (~half of `scanrelay --version`). Its `require`s of Node's
    // modules need a real `require` in the ES module chunks.
    noExternal: ['commander'],
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    // The build below writes into the same folder, possibly at the same time.
    clean: ['!invicti-run-bundle.*'],
  }),
  // `scanrelay invicti`'s packages as one module: a launch's start-up was mostly the loading of
  // ~115 small ES modules (zod alone ~95). Its zod is a second copy, private to the bundle (see
  // src/invicti/invicti-run-bundle.ts for what crosses its boundary).
  createTsupConfig(
    { 'invicti-run-bundle': 'src/invicti/invicti-run-bundle.ts' },
    {
      // Those packages import zod as `import * as z`: esbuild then keeps only the parts called
      // (`import { z }` keeps zod's whole namespace, every locale included: 880 kB instead of 320 kB).
      noExternal: [/^@scanrelay\/(invicti-run|invicti-client|findings-schema)$/, /^zod(\/|$)/, /^ky(\/|$)/],
      minify: true,
      dts: false,
      clean: false,
    },
  ),
];
