import { readFile } from 'node:fs/promises';
import type { Options } from 'tsup';
import { createTsupConfig } from '../../tsup.shared';

type Plugin = NonNullable<Options['esbuildPlugins']>[number];

/** Bundled by the second build below and imported at run time by src/invicti/invicti-command.ts. */
const INVICTI_RUN_BUNDLE = './invicti-run-bundle.js';

/**
 * `import { z } from 'zod'` makes esbuild keep zod's whole `z` namespace (every locale, JSON Schema
 * conversion): 880 kB. `import * as z` is the same object to the code, but lets esbuild keep only
 * the functions called (`z.object` …) and the schemas used: 320 kB, half the load time.
 */
const zodNamespaceImports: Plugin = {
  name: 'zod-namespace-imports',
  setup(build) {
    build.onLoad({ filter: /[\\/]dist[\\/][^\\/]+\.js$/ }, async (args) => ({
      contents: (await readFile(args.path, 'utf8')).replace(
        /import \{ z \} from (['"])zod\1;/g,
        "import * as z from 'zod';",
      ),
      loader: 'js',
    }));
  },
};

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
      noExternal: [/^@scanrelay\/(invicti-run|invicti-client|findings-schema)$/, /^zod(\/|$)/, /^ky(\/|$)/],
      esbuildPlugins: [zodNamespaceImports],
      minify: true,
      dts: false,
      clean: false,
    },
  ),
];
