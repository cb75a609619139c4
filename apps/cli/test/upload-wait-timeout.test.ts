import path from 'node:path';
import { fixturesDir, type KeyedService, need, runCli, startKeyedService } from '@scanrelay/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const trivy = path.join(fixturesDir, 'defectdojo/trivy/scheme_2_many_vulns.json');

// A service without a worker: every job stays queued, so every wait ends on its --timeout.
describe.runIf(need('fixtures'))('a wait that times out while the job has not ended', () => {
  let svc: KeyedService | undefined;

  beforeAll(async () => {
    svc = await startKeyedService(['--no-worker']);
  });
  afterAll(() => svc?.stop());

  const env = () => svc!.env();

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
