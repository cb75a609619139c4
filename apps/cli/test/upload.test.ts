import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  fixturesDir,
  type KeyedService,
  need,
  runCli,
  startKeyedService,
  waitFor,
} from '@scanrelay/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTrufflehog } from '../../../bench/parse/generate.js';

const trivy = path.join(fixturesDir, 'defectdojo/trivy/scheme_2_many_vulns.json');

describe.runIf(need('fixtures'))(
  'scanrelay upload, upload-batch and status against a running service',
  () => {
    let svc: KeyedService | undefined;
    let url = '';
    let key = '';

    beforeAll(async () => {
      svc = await startKeyedService();
      ({ url, key } = svc);
    });
    afterAll(() => svc?.stop());

    const env = () => svc!.env();

    it('uploads a Trivy report, waits, and prints the job result with the ingest counts', async () => {
      const report = path.join(svc!.tmp.dir, 'out/upload.json');
      const res = await runCli(
        ['upload', '--file', trivy, '--project', 'shop', '--wait', '--report', report],
        { env: env() },
      );
      expect(res.code, res.stderr).toBe(0);
      const out = JSON.parse(res.stdout) as {
        jobId: string;
        scanner: string;
        status: string;
        result: { created: number };
      };
      expect(out.scanner).toBe('trivy');
      expect(out.status).toBe('completed');
      expect(out.result.created).toBe(5);
      const written = JSON.parse(readFileSync(report, 'utf8')) as {
        total: number;
        successRate: number;
        items: { jobId: string }[];
      };
      expect(written.total).toBe(1);
      expect(written.successRate).toBe(1);
      expect(written.items[0]?.jobId).toBe(out.jobId);

      const status = await runCli(['status', '--job-id', out.jobId], { env: env() });
      expect(status.code).toBe(0);
      expect(JSON.parse(status.stdout)).toMatchObject({ id: out.jobId, status: 'completed' });
    });

    it('streams the job log to stderr until the job ends', async () => {
      const res = await runCli(['upload', '--file', trivy, '--project', 'shop-logs', '--stream-logs'], {
        env: env(),
      });
      expect(res.code, res.stderr).toBe(0);
      expect(res.stderr).toMatch(/trivy/);
      expect(JSON.parse(res.stdout).status).toBe('completed');
    });

    it('status --stream replays the whole log of a job that has already ended', async () => {
      const up = await runCli(['upload', '--file', trivy, '--project', 'replay', '--wait'], { env: env() });
      expect(up.code, up.stderr).toBe(0);
      const { jobId } = JSON.parse(up.stdout) as { jobId: string };
      for (const args of [[jobId], ['--job-id', jobId]]) {
        const res = await runCli(['status', ...args, '--stream'], { env: env() });
        expect(res.code, res.stderr).toBe(0);
        expect(res.stderr).toContain('[info] detected trivy');
        expect(res.stderr).toMatch(/\[info\] process-upload completed in/);
        expect(JSON.parse(res.stdout)).toMatchObject({ id: jobId, status: 'completed' });
      }
    });

    it('answers health while a large upload is being parsed and ingested (same process)', async () => {
      const big = path.join(svc!.tmp.dir, 'big-trufflehog.jsonl');
      // About 36 MB, with the generator bench/parse measures (60,000 findings, each with its own secret).
      generateTrufflehog(big, 36 * 1024 * 1024);
      const up = await runCli(['upload', '--file', big, '--project', 'big', '-t', 'trufflehog'], {
        env: env(),
      });
      expect(up.code, up.stderr).toBe(0);
      const { jobId } = JSON.parse(up.stdout) as { jobId: string };
      const status = async () =>
        (
          (await (
            await fetch(`${url}/api/v1/jobs/${jobId}`, { headers: { authorization: `Bearer ${key}` } })
          ).json()) as { status: string }
        ).status;
      await waitFor('the job to start', async () => (await status()) === 'running', 60_000);
      const health = await fetch(`${url}/api/v1/health`);
      expect(health.status).toBe(200);
      // The health answer came while the job was still at work, not after it.
      expect(await status()).toBe('running');
      await waitFor('the job to end', async () => (await status()) === 'completed', 120_000, 200);
    });

    it('rejects a broken report with exit 2 and the reason from the API', async () => {
      const broken = path.join(svc!.tmp.dir, 'broken.json');
      writeFileSync(broken, '{"SchemaVersion": 2, "Results": [');
      const res = await runCli(['upload', '--file', broken, '--scanner-type', 'trivy'], { env: env() });
      expect(res.code).toBe(2);
      expect(res.stderr).toMatch(/upload rejected: 400/);
    });

    it('refuses to run without an API key, naming the setting', async () => {
      const res = await runCli(['upload', '--file', trivy], {
        env: { SCANRELAY_API_URL: url, SCANRELAY_API_KEY: '' },
      });
      expect(res.code).toBe(2);
      expect(res.stderr).toMatch(/apiKey/);
    });

    it('runs a batch file with per-batch keys and writes an HTML report with the success rate', async () => {
      const batch = path.join(svc!.tmp.dir, 'batch.yaml');
      writeFileSync(
        batch,
        [
          'concurrency: 2',
          'batches:',
          '  - name: team-a',
          '    apiKeyEnv: TEAM_A_KEY',
          '    project: team-a-app',
          '    importType: new',
          '    files:',
          `      - ${trivy}`,
          '  - name: team-b',
          '    apiKeyEnv: TEAM_B_KEY',
          '    project: team-b-app',
          '    files:',
          `      - ${trivy}`,
          '      - missing-report.json',
        ].join('\n'),
      );
      const html = path.join(svc!.tmp.dir, 'out/batch.html');
      const res = await runCli(['upload-batch', '--batch-config', batch, '--report', html], {
        env: { SCANRELAY_API_URL: url, TEAM_A_KEY: key, TEAM_B_KEY: key },
      });
      expect(res.code).toBe(1);
      expect(JSON.parse(res.stdout)).toMatchObject({ total: 3, succeeded: 2, failed: 1 });
      const page = readFileSync(html, 'utf8');
      expect(page).toContain('2 of 3 succeeded (success rate 66.7%)');
      expect(page).toContain('missing-report.json');
    });

    it('names the batch whose key variable is not set', async () => {
      const batch = path.join(svc!.tmp.dir, 'batch2.yaml');
      writeFileSync(
        batch,
        `batches:\n  - name: nightly\n    apiKeyEnv: NIGHTLY_KEY\n    files: [${trivy}]\n`,
      );
      const res = await runCli(['upload-batch', '--batch-config', batch], {
        env: { SCANRELAY_API_URL: url },
      });
      expect(res.code).toBe(2);
      expect(res.stderr).toMatch(
        /batches\.nightly: no API key \(environment variable NIGHTLY_KEY is not set\)/,
      );
    });
  },
);
