import { readdirSync } from 'node:fs';
import { makeTempDir } from '@scanrelay/test-utils';
import { createGitHttpServer, type GitHttpServer } from '@scanrelay/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SastError } from '../src/sast-error.js';
import { scanRepository } from '../src/scan-repository.js';
import { sastResultSchema } from '../src/types.js';

const loopback = { allowPrivateUrls: true, allowHttp: true };
const { dir: workDir, cleanup } = makeTempDir('scanrelay-scan-repo-');
let server: GitHttpServer;
let head: string;

beforeAll(async () => {
  server = await createGitHttpServer();
  head = await server.commit({
    'install.sh': '#!/bin/sh\ncurl -fsSL https://get.example.test/install.sh | sudo bash\n',
    'README.md': '# demo\n',
  });
});
afterAll(async () => {
  await server.close();
  cleanup();
});

const base = { project: 'demo', scanId: 'scan-1', provider: 'patterns' as const, policy: loopback, workDir };

describe('scanRepository', () => {
  it('scans the served HEAD with the patterns provider and gives counts, verdict and score', async () => {
    const result = await scanRepository({ ...base, repoUrl: server.repoUrl });
    expect(sastResultSchema.parse(result)).toEqual(result);
    expect(result).toMatchObject({
      project: 'demo',
      provider: 'patterns',
      scanId: 'scan-1',
      repoUrl: server.repoUrl,
      commitSha: head,
      status: 'completed',
      counts: { critical: 0, high: 1, medium: 0, low: 0, info: 0 },
      verdict: 'pass',
      score: 85,
    });
    expect(
      result.findings.map((f) => [
        f.ruleId,
        f.severity,
        f.location?.kind === 'source' ? f.location.file : undefined,
      ]),
    ).toEqual([['SR001', 'high', 'install.sh']]);
    expect(result.error).toBeUndefined();
    expect(Date.parse(result.finishedAt)).toBeGreaterThanOrEqual(Date.parse(result.startedAt));
    expect(readdirSync(workDir)).toEqual([]);

    await server.commit({ 'install.sh': 'echo clean\n' });
    expect(result.commitSha).toBe(head);
  });

  it('fails the verdict by the configured policy', async () => {
    const result = await scanRepository({
      ...base,
      repoUrl: server.repoUrl,
      ref: head,
      verdictPolicy: { failOn: 'high' },
    });
    expect(result).toMatchObject({ status: 'completed', commitSha: head, verdict: 'fail' });
  });

  it('gives status failed with the reason for a refused URL, never the credentials', async () => {
    const result = await scanRepository({ ...base, repoUrl: 'https://user:s3cret@example.com/r.git' });
    expect(result).toMatchObject({
      status: 'failed',
      error: 'repository URL refused: credentials in the URL are refused',
      repoUrl: 'https://example.com/r.git',
      verdict: 'fail',
      score: 0,
      findings: [],
      counts: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
    });
    expect(result.commitSha).toBeUndefined();
    expect(JSON.stringify(result)).not.toContain('s3cret');
  });

  it('gives status failed when the tool is not installed, before any checkout', async () => {
    const before = server.requests.length;
    const result = await scanRepository({
      ...base,
      provider: 'semgrep',
      repoUrl: server.repoUrl,
      runner: {
        provider: 'semgrep',
        toolName: 'Semgrep',
        detect: async () => ({ installed: false, reason: 'semgrep is not installed (not found on PATH)' }),
        scan: async () => {
          throw new Error('not reached');
        },
      },
    });
    expect(result).toMatchObject({
      status: 'failed',
      error: 'semgrep is not installed (not found on PATH)',
      tool: { name: 'Semgrep' },
    });
    expect(server.requests.length).toBe(before);
  });

  it('keeps the commit and reports the reason when the tool fails', async () => {
    const sha = await server.head();
    const result = await scanRepository({
      ...base,
      repoUrl: server.repoUrl,
      runner: {
        provider: 'patterns',
        toolName: 'Broken',
        detect: async () => ({ installed: true, version: '1.2.3' }),
        scan: async () => {
          throw new SastError('tool_failed', 'Broken exited with 2: bad config');
        },
      },
    });
    expect(result).toMatchObject({
      status: 'failed',
      commitSha: sha,
      error: 'Broken exited with 2: bad config',
      tool: { name: 'Broken', version: '1.2.3' },
    });
    expect(readdirSync(workDir)).toEqual([]);
  });

  it('refuses an unknown provider with a TypeError', async () => {
    await expect(
      scanRepository({ ...base, provider: 'nope' as 'patterns', repoUrl: server.repoUrl }),
    ).rejects.toThrow(TypeError);
  });
});
