import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './env.js';
import { waitFor } from './wait-for.js';

/** tsx's loader by absolute URL, so the CLI also runs from a working directory outside the repository. */
const tsxLoader = pathToFileURL(path.join(repoRoot, 'node_modules/tsx/dist/loader.mjs')).href;

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the `scanrelay` CLI from source (tsx, with the workspace source condition), so tests never
 * depend on a stale build. `input` is written to standard input.
 */
export function spawnCli(
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string | Buffer } = {},
): { child: ChildProcess; done: Promise<CliResult> } {
  const bin = path.join(repoRoot, 'apps/cli/src/bin.ts');
  const child = spawn(
    process.execPath,
    ['--conditions=@scanrelay/source', '--import', tsxLoader, bin, ...args],
    {
      cwd: opts.cwd ?? repoRoot,
      env: { ...process.env, NO_COLOR: '1', ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
  });
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  if (opts.input !== undefined) child.stdin?.end(opts.input);
  else child.stdin?.end();
  const done = new Promise<CliResult>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

export function runCli(args: string[], opts: Parameters<typeof spawnCli>[1] = {}): Promise<CliResult> {
  return spawnCli(args, opts).done;
}

/**
 * Starts `scanrelay serve` from source and resolves with the URL it prints once it listens; rejects
 * with everything it printed when it exits or does not listen within a minute.
 */
export async function startServe(
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<{ url: string; child: ChildProcess }> {
  const { child } = spawnCli(['serve', ...args], opts);
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${out}`)), 60_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}: ${out}`));
    });
  });
  return { url, child };
}

/** Collects what a child prints on standard output and error; the function answers all of it so far. */
export function captureOutput(child: ChildProcess): () => string {
  let text = '';
  const collect = (d: Buffer | string) => {
    text += d.toString();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  return () => text;
}

/**
 * The URL a `scanrelay serve` child announces once it listens; rejects with everything it printed when
 * it exits first or does not listen within a minute.
 */
export function waitForListening(child: ChildProcess, output: () => string): Promise<string> {
  return waitFor(
    'scanrelay serve to listen',
    () => {
      if (child.exitCode !== null) throw new Error(`serve exited: ${output()}`);
      return /listening on (http:\/\/\S+)/.exec(output())?.[1];
    },
    60_000,
  );
}

/** Sends SIGTERM to a running child and waits for it to exit. */
export async function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}
