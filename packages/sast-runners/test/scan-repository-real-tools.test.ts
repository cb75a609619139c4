import { makeTempDir } from '@scanrelay/test-utils';
import { createGitHttpServer, type GitHttpServer } from '@scanrelay/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanRepository } from '../src/scan-repository.js';
import type { SastProvider } from '../src/types.js';

// The real tools on a repository served over git's HTTP protocol on loopback: the result names the
// served commit, and a push after the scan does not change what the scan says it scanned.
const loopback = { allowPrivateUrls: true, allowHttp: true };
const TOKEN = `${'ghp'}_Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0FeDcBa`;
const { dir: workDir, cleanup } = makeTempDir('scanrelay-real-tools-');
let server: GitHttpServer;
let scanned: string;

beforeAll(async () => {
  server = await createGitHttpServer();
  scanned = await server.commit({
    'app.py': 'import subprocess\n\ndef run(cmd):\n    subprocess.call(cmd, shell=True)\n',
    'deploy.sh': '#!/bin/sh\nrm -rf $1/*\n',
    'src/buf.c': '#include <string.h>\nvoid f(char *in) { char b[8]; strcpy(b, in); b[8] = 0; }\n',
    'src/index.js': 'module.exports = (code) => eval(code);\n',
    'src/token.js': `module.exports = "${TOKEN}";\n`,
  });
});
afterAll(async () => {
  await server.close();
  cleanup();
});

const CASES: [SastProvider, string, string][] = [
  ['bandit', 'B602', 'app.py'],
  ['shellcheck', 'SC2115', 'deploy.sh'],
  ['cppcheck', 'arrayIndexOutOfBounds', 'src/buf.c'],
  ['flawfinder', 'FF1001', 'src/buf.c'],
  ['eslint', 'security/detect-eval-with-expression', 'src/index.js'],
  ['secretlint', 'github/GITHUB_TOKEN', 'src/token.js'],
];

describe('scanRepository with the real tools, on a repository served over HTTP', () => {
  it.each(CASES)('%s: finds %s in %s at the served commit', async (provider, rule, file) => {
    const result = await scanRepository({
      project: 'demo',
      scanId: `scan-${provider}`,
      provider,
      repoUrl: server.repoUrl,
      policy: loopback,
      workDir,
    });
    expect(result.error).toBeUndefined();
    expect(result).toMatchObject({ status: 'completed', commitSha: scanned, provider });
    const places = result.findings.map(
      (f) => `${f.ruleId} ${f.location?.kind === 'source' ? f.location.file : ''}`,
    );
    expect(
      places.some((p) => p.startsWith(rule) && p.endsWith(` ${file}`)),
      places.join('\n'),
    ).toBe(true);
    expect(JSON.stringify(result)).not.toContain(TOKEN);
  });

  it('a push after a scan changes neither that result nor a scan of the old commit', async () => {
    const first = await scanRepository({
      project: 'demo',
      scanId: 'before-push',
      provider: 'bandit',
      repoUrl: server.repoUrl,
      policy: loopback,
      workDir,
    });
    const pushed = await server.commit({ 'app.py': 'def run(cmd):\n    return cmd\n' }, 'clean up');
    expect(pushed).not.toBe(scanned);
    expect(first.commitSha).toBe(scanned);
    const old = await scanRepository({
      project: 'demo',
      scanId: 'old-commit',
      provider: 'bandit',
      repoUrl: server.repoUrl,
      ref: scanned,
      policy: loopback,
      workDir,
    });
    expect(old.commitSha).toBe(scanned);
    expect(old.findings.map((f) => f.ruleId)).toContain('B602');
    const now = await scanRepository({
      project: 'demo',
      scanId: 'after-push',
      provider: 'bandit',
      repoUrl: server.repoUrl,
      policy: loopback,
      workDir,
    });
    expect(now.commitSha).toBe(pushed);
    expect(now.findings.map((f) => f.ruleId)).not.toContain('B602');
  });
});
