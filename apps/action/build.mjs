// Bundles the Action into one ESM file, dist/index.js, which is committed: the runner executes it
// without installing anything. `node build.mjs [outfile]` (the freshness test builds into a temp dir).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const outfile = path.resolve(process.argv[2] ?? path.join(here, 'dist/index.js'));

await build({
  entryPoints: [path.join(here, 'src/index.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  // The workspace packages from source, so the bundle never depends on their own builds.
  conditions: ['@scanrelay/source', 'module', 'node'],
  mainFields: ['module', 'main'],
  // CommonJS dependencies inside an ES module still call require() for Node's built-ins.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);",
  },
  legalComments: 'none',
  sourcemap: false,
  minify: false,
  logLevel: 'warning',
  absWorkingDir: here,
});
