import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fixturesDir, makeTempDir, need, runCli, startServe, stopChild } from '@scanrelay/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const trivy = path.join(fixturesDir, 'defectdojo/trivy/scheme_2_many_vulns.json');

// A service without a worker: every job stays queued, so every wait ends on its --timeout.
describe.runIf(need('fixtures'))('a wait that times out while the job has not ended', () => {
  const tmp = makeTempDir();
  const dataDir = path.join(tmp.dir, 'data');
  let url = '';
  let key = '';
  let serve: ChildProcess | undefined;

  beforeAll(async () => {
    const created = await runCli([
      'keys',
      'create',
      '--tenant',
      'acme',
      '--scopes',
      'upload,read',
      '--data-dir',
      dataDir,
    ]);
    expect(created.code, created.stderr).toBe(0);
    key = created.stdout.trim();
    ({ url, child: serve } = await startServe(['--port', '0', '--data-dir', dataDir, '--no-worker'], {
      env: { DATABASE_URL: '', REDIS_URL: '' },
    }));
  });
  afterAll(async () => {
    await stopChild(serve);
    tmp.cleanup();
  });
  const env = () => ({ SCANRELAY_API_URL: url, SCANRELAY_API_KEY: key });

  it.each([['--wait'], ['--stream-logs']])(
    'upload %s --timeout says the job goes on, how to follow it, and exits 4',
    async (mode) => {
      const res = await runCli(['upload', '--file', trivy, '--project', 'slow', mode, '--timeout', '300ms'], {
        env: env(),
      });
      expect(res.code, res.stderr).toBe(4);
      const out = JSON.parse(res.stdout) as { jobId: string; status: string };
      expect(out.status).toBe('queued');
      expect(res.stderr).toContain(
        `job ${out.jobId} is still queued; follow it with: scanrelay status ${out.jobId} --stream`,
      );
      expect(res.stderr).not.toMatch(/failed/);
    },
  );

  it('status --wait --timeout exits 4 with the job as it is', async () => {
    const up = await runCli(['upload', '--file', trivy, '--project', 'slow'], { env: env() });
    const { jobId } = JSON.parse(up.stdout) as { jobId: string };
    for (const mode of ['--wait', '--stream']) {
      const res = await runCli(['status', jobId, mode, '--timeout', '300ms'], { env: env() });
      expect(res.code, res.stderr).toBe(4);
      expect(JSON.parse(res.stdout)).toMatchObject({ id: jobId, status: 'queued' });
      expect(res.stderr).toContain(`scanrelay status ${jobId} --stream`);
    }
  });
});
