import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fixturesDir, makeTempDir, need, runCli, spawnCli, stopChild, waitFor } from '@scanrelay/test-utils';
import { afterAll, describe, expect, it } from 'vitest';

const TRIVY = path.join(fixturesDir, 'defectdojo/trivy/scheme_2_many_vulns.json');

/** Resolves with the first match of `pattern` in what `child` prints on stdout. */
function printed(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer | string) => {
      out += d.toString();
      const m = pattern.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code} before printing ${pattern}: ${out}`)));
  });
}

describe('scanrelay worker --health-port, next to serve --no-worker with a metrics port', () => {
  const tmp = makeTempDir('scanrelay-worker-');
  const children: ChildProcess[] = [];
  afterAll(async () => {
    for (const child of children) await stopChild(child);
    tmp.cleanup();
  });

  it("serves the worker's health and its job counters, and the API's metrics on their own port", async () => {
    const env = { SCANRELAY_LOG_LEVEL: 'info', DATABASE_URL: '', REDIS_URL: '', SCANRELAY_METRICS_PORT: '0' };
    const serve = spawnCli(['serve', '--no-worker', '--port', '0', '--data-dir', tmp.dir], { env });
    children.push(serve.child);
    const apiUrl = printed(serve.child, /listening on (http:\/\/\S+)/);
    const apiMetricsUrl = printed(serve.child, /metrics on (http:\/\/\S+)/);
    const worker = spawnCli(['worker', '--health-port', '0', '--data-dir', tmp.dir], { env });
    children.push(worker.child);
    const healthUrl = await printed(worker.child, /worker health on (http:\/\/\S+)\/health/);

    const health = await fetch(`${healthUrl}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({
      status: 'ok',
      role: 'worker',
      database: { ok: true, dialect: 'sqlite' },
      queue: { ok: true, driver: 'sqlite' },
    });
    const url = await apiUrl;
    expect((await fetch(`${url}/metrics`)).status).toBe(404);
    expect(await (await fetch(await apiMetricsUrl)).text()).toContain('scanrelay_build_info{');

    if (need('fixtures')) {
      const created = await runCli(
        ['keys', 'create', '--tenant', 'acme', '--scopes', 'upload', '--data-dir', tmp.dir],
        {
          env,
        },
      );
      expect(created.code, created.stderr).toBe(0);
      const form = new FormData();
      form.set('file', new Blob([readFileSync(TRIVY)]), 'trivy.json');
      form.set('project', 'worker-metrics');
      const up = await fetch(`${url}/api/v1/upload`, {
        method: 'POST',
        body: form,
        headers: { authorization: `Bearer ${created.stdout.trim()}`, 'x-request-id': 'upload-req-1' },
      });
      expect(up.status).toBe(202);
      expect(up.headers.get('x-request-id')).toBe('upload-req-1');
      const counted = await waitFor('the worker to count the finished job', async () => {
        const text = await (await fetch(`${healthUrl}/metrics`)).text();
        return (
          /scanrelay_jobs_finished_total\{type="process-upload",outcome="completed"\} 1/.test(text) && text
        );
      });
      expect(counted).toContain('process_cpu_user_seconds_total');
    }

    worker.child.kill('SIGTERM');
    serve.child.kill('SIGTERM');
    const [w, s] = await Promise.all([worker.done, serve.done]);
    expect(w.code, w.stderr).toBe(0);
    expect(s.code, s.stderr).toBe(0);
    // Both log through core's pino logger: JSON lines on stderr, with the request id on the API's.
    const access = s.stderr
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.msg === 'request' && l.path === '/api/v1/upload');
    if (need('fixtures'))
      expect(access).toMatchObject({
        name: 'scanrelay',
        status: 202,
        requestId: 'upload-req-1',
        tenant: 'acme',
      });
    expect(w.stderr).toMatch(
      /^\{"level":"info","time":"[^"]+","name":"scanrelay-worker",[^\n]*"msg":"worker started"/m,
    );
  });
});
