#!/usr/bin/env node
import { exitWhenDone } from './exit-when-done.js';
import { main } from './index.js';

// `scanrelay parse big.json | head`: the reader went away; that is not an error of ours.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

exitWhenDone(await main(process.argv.slice(2)));
