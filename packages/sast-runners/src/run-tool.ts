import { spawn } from 'node:child_process';
import { SastError } from './sast-error.js';
import type { ToolLimits, ToolOutput } from './types.js';

/** Standard error kept for the reason of a failure: its last few KiB. */
const STDERR_TAIL_BYTES = 8 * 1024;
/** After SIGTERM at the time limit, SIGKILL follows this much later. */
const KILL_GRACE_MS = 2_000;

/** The only variables a tool inherits from our environment: never our secrets. */
const INHERITED_ENV = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TMPDIR', 'TMP', 'TEMP', 'SystemRoot'];

export interface RunToolOptions extends ToolLimits {
  cwd: string;
  /** Added to a minimal environment (PATH, HOME, LANG, TMPDIR, …); the rest of ours is not passed on. */
  env?: Record<string, string | undefined>;
}

function toolEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const name of INHERITED_ENV) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  for (const [name, value] of Object.entries(extra)) {
    if (value !== undefined) env[name] = value;
  }
  return env;
}

/**
 * Runs `command` with an argument array (never a shell), in its own process group, under a time
 * limit and an output cap. Resolves for any exit code, a timeout (`timedOut`) or a cap
 * (`truncated`: the process is stopped once its output passes `maxOutputBytes`). Rejects with a
 * `SastError` only when the command cannot start (`tool_not_installed` for a missing binary) or
 * when `signal` aborts it (`aborted`).
 */
export function runTool(
  command: string,
  args: readonly string[],
  options: RunToolOptions,
): Promise<ToolOutput> {
  const { cwd, env, timeoutMs, maxOutputBytes, signal } = options;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new SastError('aborted', `${command} was not started: the scan was cancelled`));
      return;
    }
    const child = spawn(command, [...args], {
      cwd,
      env: toolEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
      windowsHide: true,
    });

    const chunks: Buffer[] = [];
    let stdoutBytes = 0;
    let stderr = Buffer.alloc(0);
    let timedOut = false;
    let truncated = false;
    let aborted = false;
    let stopping = false;
    let killTimer: NodeJS.Timeout | undefined;

    const signalGroup = (name: NodeJS.Signals): void => {
      if (child.pid === undefined) return;
      try {
        if (process.platform === 'win32') child.kill(name);
        else process.kill(-child.pid, name);
      } catch {
        // already gone
      }
    };
    const stop = (): void => {
      if (stopping) return;
      stopping = true;
      signalGroup('SIGTERM');
      killTimer = setTimeout(() => signalGroup('SIGKILL'), KILL_GRACE_MS);
      killTimer.unref();
    };

    const timer = setTimeout(() => {
      timedOut = true;
      stop();
    }, timeoutMs);
    const onAbort = (): void => {
      aborted = true;
      stop();
    };
    signal?.addEventListener('abort', onAbort, { once: true });

    child.stdout.on('data', (chunk: Buffer) => {
      if (truncated) return;
      const room = maxOutputBytes - stdoutBytes;
      if (chunk.length > room) {
        chunks.push(chunk.subarray(0, room));
        stdoutBytes = maxOutputBytes;
        truncated = true;
        stop();
        return;
      }
      chunks.push(chunk);
      stdoutBytes += chunk.length;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = Buffer.concat([stderr, chunk]);
      if (stderr.length > STDERR_TAIL_BYTES) stderr = stderr.subarray(stderr.length - STDERR_TAIL_BYTES);
    });
    // A grandchild that left our process group could hold the pipes open: once the tool itself
    // exits after we stopped it, stop reading.
    child.on('exit', () => {
      if (!stopping) return;
      setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
      }, 200).unref();
    });

    const finish = (): void => {
      clearTimeout(timer);
      if (killTimer) clearTimeout(killTimer);
      signal?.removeEventListener('abort', onAbort);
    };
    child.on('error', (error: NodeJS.ErrnoException) => {
      finish();
      const missing = error.code === 'ENOENT';
      reject(
        new SastError(
          missing ? 'tool_not_installed' : 'tool_failed',
          missing
            ? `${command} is not installed (not found)`
            : `${command} could not start: ${error.message}`,
          { cause: error },
        ),
      );
    });
    child.on('close', (code) => {
      finish();
      if (aborted) {
        reject(new SastError('aborted', `${command} was stopped: the scan was cancelled`));
        return;
      }
      resolve({
        exitCode: code,
        stdout: Buffer.concat(chunks, stdoutBytes),
        stderr: stderr.toString('utf8'),
        timedOut,
        truncated,
      });
    });
  });
}
