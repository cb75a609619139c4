import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Options } from 'tsup';
import { createTsupConfig } from '../../tsup.shared';

/**
 * Removes the bundle's files of an earlier build (its chunk names carry a hash, so a new build does not
 * overwrite them); the first build's `clean` leaves them to this one, as both write at the same time.
 */
const cleanInvictiRunBundle: NonNullable<Options['esbuildPlugins']>[number] = {
  name: 'clean-invicti-run-bundle',
  setup(build) {
    build.onStart(() => {
      const dir = build.initialOptions.outdir ?? 'dist';
      if (!existsSync(dir)) return;
      const old = readdirSync(dir, { withFileTypes: true }).filter((f) =>
        f.name.startsWith('invicti-run-bundle.'),
      );
      for (const f of old) rmSync(path.join(dir, f.name), { force: true });
    });
  },
};

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
    // Comments and whitespace out, names kept (stack traces stay readable; the source maps are beside):
    // the chunk every command loads (commander, mostly JSDoc) is 59 kB instead of 129 kB to compile.
    minifyWhitespace: true,
    minifySyntax: true,
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
      // From their sources, file by file, and split: what a launch does not reach (ky's transport, the
      // wait and collect path, the issue and finding schemas, which zod builds when their module is
      // evaluated) goes into chunks loaded on first use. Chunks keep the bundle's prefix (see `clean`).
      splitting: true,
      esbuildOptions(options) {
        options.conditions = ['@scanrelay/source', ...(options.conditions ?? [])];
        options.chunkNames = 'invicti-run-bundle.[name]-[hash]';
      },
      esbuildPlugins: [cleanInvictiRunBundle],
      minify: true,
      dts: false,
      clean: false,
    },
  ),
];
