import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openIsolatedStore } from '@scanrelay/storage/testing';
import { fixturesDir, makeTempDir, need, pgUrl, runCli, spawnCli } from '@scanrelay/test-utils';
import { afterAll, describe, expect, it } from 'vitest';

const TRIVY = path.join(fixturesDir, 'defectdojo/trivy/scheme_2_many_vulns.json');

/** Resolves with the URL `serve` prints once it listens. */
function listeningUrl(child: ReturnType<typeof spawnCli>['child']): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: string) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code} before listening: ${out}`)));
  });
}

describe('scanrelay serve', () => {
  const tmp = makeTempDir('scanrelay-serve-');
  afterAll(() => tmp.cleanup());

  it('serves on a free port with a fresh data dir, runs an upload through its worker, and drains on SIGTERM', async () => {
    const env = { SCANRELAY_LOG_LEVEL: 'error', DATABASE_URL: '', REDIS_URL: '' };
    const serve = spawnCli(['serve', '--port', '0', '--data-dir', tmp.dir], { env });
    const url = await listeningUrl(serve.child);
    const health = await fetch(`${url}/api/v1/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({
      status: 'ok',
      database: { dialect: 'sqlite' },
      queue: { driver: 'sqlite' },
    });

    const created = await runCli(
      ['keys', 'create', '--tenant', 'acme', '--scopes', 'upload,read', '--data-dir', tmp.dir],
      { env },
    );
    expect(created.code, created.stderr).toBe(0);
    const key = created.stdout.trim();
    expect(key).toMatch(/^sr_\S{20,}$/);
    expect(created.stderr).toMatch(/tenant "acme" with scopes upload, read/);

    if (need('fixtures')) {
      const form = new FormData();
      form.set('file', new Blob([readFileSync(TRIVY)]), 'trivy.json');
      form.set('project', 'cli-project');
      const up = await fetch(`${url}/api/v1/upload`, {
        method: 'POST',
        body: form,
        headers: { authorization: `Bearer ${key}` },
      });
      expect(up.status).toBe(202);
      const { jobId } = (await up.json()) as { jobId: string };
      const log = await (
        await fetch(`${url}/api/v1/jobs/${jobId}/logs`, { headers: { authorization: `Bearer ${key}` } })
      ).text();
      expect(log).toContain('detected trivy');
      expect(log).toMatch(/event: end\ndata: \{[^\n]*"status":"completed"/);
    }

    serve.child.kill('SIGTERM');
    const result = await serve.done;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('no API key exists yet');
    expect(result.stdout).toContain('SIGTERM: draining');
    expect(result.stdout).toContain('stopped');
  });

  it('on PostgreSQL, says which config file it read and gives a key hint for that database, not a data dir', async () => {
    if (!need('postgres')) return;
    const isolated = await openIsolatedStore(pgUrl);
    const cwd = makeTempDir('scanrelay-serve-cwd-');
    writeFileSync(path.join(cwd.dir, 'scanrelay.config.yaml'), 'server:\n  logLevel: error\n');
    const env = { DATABASE_URL: pgUrl, SCANRELAY_DATABASE_SCHEMA: isolated.schema, REDIS_URL: '' };
    try {
      const serve = spawnCli(['serve', '--port', '0', '--data-dir', cwd.dir], { env, cwd: cwd.dir });
      await listeningUrl(serve.child);
      serve.child.kill('SIGTERM');
      const result = await serve.done;
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain(
        `configuration read from ${path.join(cwd.dir, 'scanrelay.config.yaml')}`,
      );
      expect(result.stdout).toMatch(
        /keys create --tenant default --scopes upload,read,admin +\(run with the same DATABASE_URL/,
      );
      expect(result.stdout).not.toContain('--data-dir');
    } finally {
      await isolated.cleanup();
      cwd.cleanup();
    }
  });

  it('names the setting and its source when the configuration is bad', async () => {
    const bad = await runCli(['serve', '--data-dir', tmp.dir], {
      env: { SCANRELAY_PORT: 'eighty', DATABASE_URL: '', REDIS_URL: '' },
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/server\.port \(from environment SCANRELAY_PORT\)/);
  });

  it('refuses unknown scopes when creating a key', async () => {
    const bad = await runCli([
      'keys',
      'create',
      '--tenant',
      'acme',
      '--scopes',
      'read,root',
      '--data-dir',
      tmp.dir,
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--scopes: unknown scope "root"/);
  });
});
