#!/usr/bin/env node
import module from 'node:module';
import { exitWhenDone } from './exit-when-done.js';

// Node 22.1+ can keep V8's compiled code of the CLI's modules between runs (compiling them is a large
// part of a short command's start-up, e.g. `invicti scan --fire-and-forget`); Node 20 has no such
// cache, hence the guard (the type definitions are Node 20's). It must be on before the rest of the CLI
// is imported, so that is imported below, dynamically
// (exit-when-done.ts is a few lines bundled into bin.js). NODE_DISABLE_COMPILE_CACHE=1 turns it off.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

const { main } = await import('./index.js');

// `scanrelay parse big.json | head`: the reader went away; that is not an error of ours.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

exitWhenDone(await main(process.argv.slice(2)));
