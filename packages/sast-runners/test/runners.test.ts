import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Finding } from '@scanrelay/findings-schema';
import { fixturesDir, isCi, makeTempDir, need } from '@scanrelay/test-utils';
import { afterAll, describe, expect, it } from 'vitest';
import { getRunner } from '../src/runners/index.js';
import { createToolRunner } from '../src/runners/tool-runner.js';
import { isSastError } from '../src/sast-error.js';
import type { SastProvider, ToolLimits } from '../src/types.js';

const LIMITS: ToolLimits = { timeoutMs: 120_000, maxOutputBytes: 64 * 1024 * 1024 };
const TOKEN = `${'ghp'}_Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0FeDcBa`;
const repo = makeTempDir('scanrelay-runners-');
const marker = path.join(repo.dir, 'OWN-CONFIG-RAN');
afterAll(() => repo.cleanup());

function write(rel: string, text: string): void {
  mkdirSync(path.dirname(path.join(repo.dir, rel)), { recursive: true });
  writeFileSync(path.join(repo.dir, rel), text);
}

// A small vulnerable project; its own eslint.config.js would leave a marker file if it ever ran.
write('app.py', 'import subprocess\n\ndef run(cmd):\n    subprocess.call(cmd, shell=True)  # nosec\n');
write('deploy.sh', '#!/bin/sh\nrm -rf $1/*\n');
write('bin/release', '#!/usr/bin/env bash\ncd $DIR\n');
write('src/buf.c', '#include <string.h>\nvoid f(char *in) { char b[8]; strcpy(b, in); b[8] = 0; }\n');
write(
  'src/index.js',
  "const fs = require('fs');\n// eslint-disable-next-line\nmodule.exports = (code) => eval(code);\n",
);
write('src/token.js', `module.exports = "${TOKEN}";\n`);
write(
  'eslint.config.js',
  `require('fs').writeFileSync(${JSON.stringify(marker)}, 'x');\nmodule.exports = [];\n`,
);

const at = (f: Finding) => {
  const loc = f.location?.kind === 'source' ? f.location : undefined;
  return `${f.ruleId} ${loc?.file}:${loc?.startLine}`;
};

async function scanWith(provider: SastProvider): Promise<Finding[]> {
  const runner = getRunner(provider);
  const presence = await runner.detect();
  if (!presence.installed) throw new Error(`${provider}: ${presence.reason}`);
  const { tool, findings } = await runner.scan(repo.dir, LIMITS);
  expect(tool.name).toBe(runner.toolName);
  expect(tool.version).toMatch(/^\d+\.\d+/);
  return findings;
}

const REAL_TOOLS = ['bandit', 'shellcheck', 'cppcheck', 'flawfinder', 'eslint', 'secretlint'] as const;
const presence = Object.fromEntries(
  await Promise.all(REAL_TOOLS.map(async (p) => [p, (await getRunner(p).detect()).installed] as const)),
);
/** Under CI=true a missing tool fails its test; elsewhere it is skipped with a warning. */
const realTool = (p: (typeof REAL_TOOLS)[number]) => isCi || presence[p] === true;

describe('real SAST tools on a small vulnerable project', () => {
  it.runIf(realTool('bandit'))('bandit: shell=True found although the line says # nosec', async () => {
    const findings = await scanWith('bandit');
    const shell = findings.find((f) => f.ruleId === 'B602');
    expect(shell && at(shell)).toBe('B602 app.py:4');
    expect(shell?.severity).toBe('high');
  });

  it.runIf(realTool('shellcheck'))(
    'shellcheck: scripts by extension and by #! line, no .shellcheckrc',
    async () => {
      write('.shellcheckrc', 'disable=all\n');
      const findings = await scanWith('shellcheck');
      const places = findings.map(at);
      expect(places).toContain('SC2115 deploy.sh:2');
      expect(places).toContain('SC2086 bin/release:2');
    },
  );

  it.runIf(realTool('cppcheck'))('cppcheck: the out-of-bounds write, with its CWE', async () => {
    const oob = (await scanWith('cppcheck')).find((f) => f.ruleId === 'arrayIndexOutOfBounds');
    expect(oob && at(oob)).toBe('arrayIndexOutOfBounds src/buf.c:2');
    expect(oob?.cwe).toEqual(['CWE-788']);
  });

  it.runIf(realTool('flawfinder'))('flawfinder: strcpy into a fixed buffer', async () => {
    const findings = await scanWith('flawfinder');
    const strcpy = findings.find((f) => f.name.includes('strcpy') || f.ruleId === 'FF1001');
    expect(strcpy && at(strcpy)).toMatch(/^\S+ src\/buf\.c:2$/);
    for (const f of findings) expect(JSON.stringify(f.location)).not.toContain(repo.dir);
    expect(strcpy?.cwe).toContain('CWE-120');
  });

  it.runIf(realTool('eslint'))(
    "eslint: our security config, not the repository's, and no eslint-disable",
    async () => {
      const findings = await scanWith('eslint');
      expect(findings.map(at)).toContain('security/detect-eval-with-expression src/index.js:3');
      expect(existsSync(marker)).toBe(false);
    },
  );

  it.runIf(realTool('secretlint'))('secretlint: the GitHub token, kept only redacted', async () => {
    write('.secretlintignore', '**/*\n');
    const findings = await scanWith('secretlint');
    const token = findings.find((f) => f.ruleId.includes('github'));
    expect(token && at(token)).toBe('github/GITHUB_TOKEN src/token.js:1');
    expect(JSON.stringify(findings)).not.toContain(TOKEN);
  });
});

describe('stand-ins for semgrep, njsscan and trufflehog (recorded real outputs)', () => {
  const binDirs = [path.join(import.meta.dirname, 'stand-ins')];
  const expected = (file: string) =>
    (
      JSON.parse(readFileSync(path.join(fixturesDir, 'defectdojo', 'EXPECTED.json'), 'utf8')) as {
        file: string;
        expected_findings: number;
      }[]
    ).find((e) => e.file === file)?.expected_findings;

  it.runIf(need('fixtures')).each([
    ['semgrep', 'semgrep/many_findings.json', '1.30.0'],
    ['njsscan', 'njsscan/njsscan_many_vuln.json', '0.4.3'],
    ['trufflehog', 'trufflehog/v3_github.json', '3.63.2'],
  ] as const)('%s: the recorded report becomes findings', async (provider, file, version) => {
    const runner = getRunner(provider, { binDirs });
    expect(await runner.detect()).toEqual({ installed: true, version });
    const { tool, findings } = await runner.scan(repo.dir, LIMITS);
    expect(tool).toEqual({ name: runner.toolName, version });
    expect(findings).toHaveLength(expected(file) ?? -1);
    for (const f of findings) expect(f.tool.id).toBe(provider);
    if (provider === 'trufflehog')
      for (const f of findings) expect(f.secret?.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('tool failures', () => {
  const bin = makeTempDir('scanrelay-tools-');
  afterAll(() => bin.cleanup());
  const tool = (name: string, body: string) => {
    writeFileSync(path.join(bin.dir, name), `#!/usr/bin/env node\n${body}\n`);
    chmodSync(path.join(bin.dir, name), 0o755);
  };
  const runner = (binary: string) =>
    createToolRunner(
      {
        provider: 'bandit',
        toolName: binary,
        binary,
        versionArgs: ['--version'],
        scannerType: 'bandit',
        okExitCodes: [0, 1],
        invoke: () => ({ args: ['.'] }),
      },
      { binDirs: [bin.dir] },
    );
  const failure = (p: Promise<unknown>) =>
    p.then(
      () => undefined,
      (e: unknown) => (isSastError(e) ? { code: e.code, message: e.message } : e),
    );

  it('a missing tool is reported "not installed", and its scan refused', async () => {
    const r = runner('scanrelay-no-such-tool');
    expect(await r.detect()).toEqual({
      installed: false,
      reason: 'scanrelay-no-such-tool is not installed (not found on PATH)',
    });
    expect(await failure(r.scan(repo.dir, LIMITS))).toMatchObject({ code: 'tool_not_installed' });
  });

  it('a tool that hangs is killed at the time limit', async () => {
    tool(
      'hangs',
      "if (process.argv.includes('--version')) console.log('1.0.0'); else setInterval(() => {}, 1000);",
    );
    const e = await failure(runner('hangs').scan(repo.dir, { timeoutMs: 1_000, maxOutputBytes: 1024 }));
    expect(e).toMatchObject({
      code: 'tool_failed',
      message: expect.stringContaining('did not finish within 1000 ms'),
    });
  });

  it('a tool that prints without end is stopped at the output cap', async () => {
    tool('floods', 'const b = Buffer.alloc(1 << 16, 97); const w = () => process.stdout.write(b, w); w();');
    const e = await failure(runner('floods').scan(repo.dir, { timeoutMs: 60_000, maxOutputBytes: 1 << 20 }));
    expect(e).toMatchObject({
      code: 'tool_failed',
      message: expect.stringContaining('more than 1048576 bytes'),
    });
  });

  it('a tool that fails says so with its exit code; garbage output is a parse failure', async () => {
    tool('crashes', "console.error('boom: no such option'); process.exit(3);");
    expect(await failure(runner('crashes').scan(repo.dir, LIMITS))).toMatchObject({
      code: 'tool_failed',
      message: '@scanrelay/sast-runners: crashes exited with 3: boom: no such option',
    });
    tool('garbage', 'console.log(\'{"results": 7}\');');
    expect(await failure(runner('garbage').scan(repo.dir, LIMITS))).toMatchObject({ code: 'parse_failed' });
  });
});
