import { mkdtemp, open, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Finding } from '@scanrelay/findings-schema';
import { collect, isParseError, parseReport, type ScannerId } from '@scanrelay/parsers';
import { maskSecrets } from '../patterns/mask-secrets.js';
import { runTool } from '../run-tool.js';
import { isSastError, SastError } from '../sast-error.js';
import type { SastProvider, SastRunner, ToolLimits, ToolPresence } from '../types.js';
import { findExecutable, packageBinDirs, type RunnerOptions } from './find-executable.js';
import { relativeFindings } from './relative-findings.js';

/** How one tool is called: what `ToolSpec.invoke` gives back. */
interface ToolInvocation {
  args: string[];
  /** The report is written to this file rather than standard output. */
  reportFile?: string;
  /** Nothing to scan (e.g. no shell scripts): no run, no findings. */
  skip?: boolean;
}

/** Everything that differs between the external tools. */
export interface ToolSpec {
  provider: SastProvider;
  toolName: string;
  binary: string;
  /** Also look in this package's `node_modules/.bin` (npm tools). */
  npmTool?: boolean;
  versionArgs: readonly string[];
  scannerType: ScannerId;
  /** Exit codes that mean the tool ran (with or without findings). */
  okExitCodes: readonly number[];
  /** An empty report means no findings (tools that print one JSON line per finding). */
  emptyIsNone?: boolean;
  /** The arguments for a scan of `dir`; may write configuration into `workDir` (deleted afterwards). */
  invoke(ctx: { dir: string; workDir: string }): ToolInvocation | Promise<ToolInvocation>;
}

const VERSION_LIMITS: ToolLimits = { timeoutMs: 30_000, maxOutputBytes: 64 * 1024 };
const VERSION = /(\d+\.\d+(?:\.\d+)?)/;

/** The last line of a tool's standard error, short and with secret-looking values masked. */
function stderrReason(stderr: string): string {
  const lines = stderr.trim().split('\n');
  const last = (lines[lines.length - 1] ?? '').slice(0, 200);
  return last ? `: ${maskSecrets(last)}` : '';
}

async function readCapped(file: string, maxBytes: number, toolName: string): Promise<Buffer> {
  const handle = await open(file, 'r').catch((cause: unknown) => {
    throw new SastError('tool_failed', `${toolName} wrote no report file`, { cause });
  });
  try {
    const { size } = await handle.stat();
    if (size > maxBytes)
      throw new SastError(
        'tool_failed',
        `${toolName} wrote a report of ${size} bytes, more than the cap of ${maxBytes}`,
      );
    const buffer = Buffer.alloc(size);
    await handle.read(buffer, 0, size, 0);
    return buffer;
  } finally {
    await handle.close();
  }
}

/** A `SastRunner` for an external tool described by `spec`. */
export function createToolRunner(spec: ToolSpec, options: RunnerOptions = {}): SastRunner {
  const dirs = [...(options.binDirs ?? []), ...(spec.npmTool ? packageBinDirs() : [])];
  let presence: Promise<{ presence: ToolPresence; file?: string }> | undefined;

  const locate = () => {
    presence ??= (async () => {
      const file = await findExecutable(spec.binary, dirs);
      if (!file) {
        const where = spec.npmTool ? 'on PATH or in node_modules/.bin' : 'on PATH';
        return {
          presence: { installed: false, reason: `${spec.binary} is not installed (not found ${where})` },
        };
      }
      const out = await runTool(file, spec.versionArgs, {
        cwd: os.tmpdir(),
        env: options.env,
        ...VERSION_LIMITS,
      });
      const version = VERSION.exec(`${out.stdout.toString('utf8')}\n${out.stderr}`)?.[1];
      return { presence: version ? { installed: true, version } : { installed: true }, file };
    })();
    return presence;
  };

  async function scan(
    dir: string,
    limits: ToolLimits,
  ): Promise<{ tool: { name: string; version?: string }; findings: Finding[] }> {
    const { presence: found, file } = await locate();
    if (!file) throw new SastError('tool_not_installed', found.reason ?? `${spec.binary} is not installed`);
    const tool = found.version ? { name: spec.toolName, version: found.version } : { name: spec.toolName };
    const workDir = await mkdtemp(path.join(os.tmpdir(), `scanrelay-${spec.provider}-`));
    try {
      const call = await spec.invoke({ dir, workDir });
      if (call.skip) return { tool, findings: [] };
      const out = await runTool(file, call.args, { cwd: dir, env: options.env, ...limits });
      if (out.timedOut)
        throw new SastError(
          'tool_failed',
          `${spec.toolName} did not finish within ${limits.timeoutMs} ms and was killed`,
        );
      if (out.truncated)
        throw new SastError(
          'tool_failed',
          `${spec.toolName} printed more than ${limits.maxOutputBytes} bytes and was stopped`,
        );
      if (out.exitCode === null || !spec.okExitCodes.includes(out.exitCode))
        throw new SastError(
          'tool_failed',
          `${spec.toolName} exited with ${out.exitCode ?? 'a signal'}${stderrReason(out.stderr)}`,
        );
      const report = call.reportFile
        ? await readCapped(call.reportFile, limits.maxOutputBytes, spec.toolName)
        : out.stdout;
      if (report.toString('utf8').trim() === '') {
        if (spec.emptyIsNone) return { tool, findings: [] };
        throw new SastError('tool_failed', `${spec.toolName} printed no report${stderrReason(out.stderr)}`);
      }
      const parsed = await parseReport({ bytes: report }, { scannerType: spec.scannerType });
      return { tool, findings: relativeFindings(dir, await collect(parsed.findings)) };
    } catch (e) {
      if (isSastError(e)) throw e;
      if (isParseError(e)) throw new SastError('parse_failed', `${spec.toolName}: ${e.detail}`, { cause: e });
      throw new SastError('tool_failed', `${spec.toolName} failed: ${(e as Error).message}`, { cause: e });
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
  }

  return {
    provider: spec.provider,
    toolName: spec.toolName,
    detect: async () => (await locate()).presence,
    scan,
  };
}
