import { makeTempDir, waitFor } from '@scanrelay/test-utils';
import { afterAll, describe, expect, it } from 'vitest';
import { runTool } from '../src/run-tool.js';
import { isSastError } from '../src/sast-error.js';

const { dir, cleanup } = makeTempDir('scanrelay-run-tool-');
afterAll(cleanup);
const node = process.execPath;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
const limits = { cwd: dir, timeoutMs: 20_000, maxOutputBytes: 1024 * 1024 };

describe('runTool', () => {
  it('returns stdout, the stderr tail and a non-zero exit code without throwing', async () => {
    const out = await runTool(
      node,
      ['-e', 'process.stdout.write("report"); process.stderr.write("warn"); process.exit(3)'],
      limits,
    );
    expect(out).toMatchObject({ exitCode: 3, stderr: 'warn', timedOut: false, truncated: false });
    expect(out.stdout.toString()).toBe('report');
  });

  it('passes arguments verbatim, never through a shell', async () => {
    const tricky = ['$(touch pwned)', '; rm -rf /', '`id`', "'quoted'", '--upload-pack=evil'];
    const out = await runTool(
      node,
      ['-e', 'process.stdout.write(JSON.stringify(process.argv.slice(1)))', ...tricky],
      limits,
    );
    expect(JSON.parse(out.stdout.toString())).toEqual(tricky);
  });

  it('runs in cwd and does not pass our secrets on, only PATH/HOME and the given env', async () => {
    process.env.SCANRELAY_TEST_SECRET_FOR_RUN_TOOL = 'do-not-leak';
    try {
      const out = await runTool(
        node,
        ['-e', 'process.stdout.write(JSON.stringify({cwd: process.cwd(), env: process.env}))'],
        { ...limits, env: { TOOL_SETTING: 'on' } },
      );
      const seen = JSON.parse(out.stdout.toString()) as { cwd: string; env: Record<string, string> };
      expect(seen.env.TOOL_SETTING).toBe('on');
      expect(seen.env.PATH).toBe(process.env.PATH);
      expect(seen.env.SCANRELAY_TEST_SECRET_FOR_RUN_TOOL).toBeUndefined();
      expect(seen.cwd.endsWith(dir.split('/').pop() ?? '')).toBe(true);
    } finally {
      delete process.env.SCANRELAY_TEST_SECRET_FOR_RUN_TOOL;
    }
  });

  it('kills a tool that hangs at the time limit, including its children', async () => {
    const script =
      'const c = require("child_process").spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], {stdio: "ignore"}); process.stdout.write(String(c.pid)); setInterval(() => {}, 1000)';
    const out = await runTool(node, ['-e', script], { ...limits, timeoutMs: 500 });
    expect(out.timedOut).toBe(true);
    expect(out.exitCode).toBeNull();
    const grandchild = Number(out.stdout.toString());
    expect(grandchild).toBeGreaterThan(0);
    await waitFor("the hung tool's child to be killed", () => !isAlive(grandchild));
  });

  it('caps a tool that prints 1 GB at maxOutputBytes and stops it', async () => {
    // Writes 1 GiB in 1 MiB blocks unless stopped.
    const script =
      'const b = Buffer.alloc(1 << 20, 97); let n = 0; const w = () => { while (n < 1024) { n++; if (!process.stdout.write(b)) { process.stdout.once("drain", w); return; } } }; w();';
    const out = await runTool(node, ['-e', script], { ...limits, maxOutputBytes: 64 * 1024 });
    expect(out.truncated).toBe(true);
    expect(out.stdout.length).toBe(64 * 1024);
    expect(out.stdout.every((byte) => byte === 97)).toBe(true);
    expect(out.exitCode).not.toBe(0);
  });

  it('rejects with tool_not_installed for a missing binary', async () => {
    const error = await runTool('scanrelay-no-such-tool', ['--version'], limits).catch((e: unknown) => e);
    expect(isSastError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'tool_not_installed' });
    expect(String(error)).toContain('scanrelay-no-such-tool is not installed');
  });

  it('stops the tool and rejects with aborted when the signal fires', async () => {
    const controller = new AbortController();
    const running = runTool(node, ['-e', 'process.stdout.write("up\\n"); setInterval(() => {}, 1000)'], {
      ...limits,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 100);
    await expect(running).rejects.toMatchObject({ code: 'aborted' });
  });
});
