import type { ChildProcess } from 'node:child_process';
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { makeTempDir, repoRoot, spawnCli, startServe, stopChild } from '@scanrelay/test-utils';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const read = (f: string) => readFileSync(path.join(repoRoot, f), 'utf8');
const dockerfile = read('Dockerfile');

/** .dockerignore patterns as Docker reads them: root-anchored globs; a match on a directory covers it all. */
function dockerIgnored(file: string): boolean {
  const rules = read('.dockerignore')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const toRegex = (p: string) =>
    new RegExp(
      `^${p
        .replace(/^\/+/, '')
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*\*\//g, '\u0000')
        .replace(/\*\*/g, '.*')
        .replace(/\*/g, '[^/]*')
        .replace(/\?/g, '[^/]')
        .replace(/\u0000/g, '(?:.*/)?')}$`,
    );
  const parts = file.split('/');
  const prefixes = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
  let ignored = false;
  for (const rule of rules) {
    const negate = rule.startsWith('!');
    const re = toRegex(negate ? rule.slice(1) : rule);
    if (prefixes.some((p) => re.test(p))) ignored = !negate;
  }
  return ignored;
}

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(path.join(repoRoot, dir))) {
    const rel = `${dir}/${name}`;
    if (name === 'node_modules' || name === 'dist') continue;
    if (statSync(path.join(repoRoot, rel)).isDirectory()) sourceFiles(rel, out);
    else out.push(rel);
  }
  return out;
}

describe('.dockerignore', () => {
  it.each([
    'node_modules/.pnpm/x/index.js',
    'packages/core/node_modules/zod/index.js',
    'data/scanrelay.db',
    'data/uploads/report.json',
    'apps/cli/data/scanrelay.db-wal',
    'scanrelay.db',
    '.env',
    '.env.production',
    '.git/HEAD',
    'test-results/run.json',
    'coverage/lcov.info',
    'packages/api/coverage/lcov.info',
    'apps/cli/dist/bin.js',
    '.turbo/cookies',
    'data/sast-signing.key',
  ])('keeps %s out of the build context', (file) => {
    expect(dockerIgnored(file)).toBe(true);
  });

  it('sends what the build needs: manifests, lockfile, configs and every source file', () => {
    const needed = [
      'package.json',
      'pnpm-lock.yaml',
      'pnpm-workspace.yaml',
      'tsconfig.base.json',
      'tsup.shared.ts',
      'turbo.json',
      ...['apps', 'packages'].flatMap((top) =>
        readdirSync(path.join(repoRoot, top)).flatMap((pkg) => [
          `${top}/${pkg}/package.json`,
          ...sourceFiles(`${top}/${pkg}/src`),
        ]),
      ),
    ];
    expect(needed.length).toBeGreaterThan(50);
    expect(needed.filter(dockerIgnored)).toEqual([]);
  });
});

describe('Dockerfile', () => {
  it('pins every base image by digest', () => {
    const froms = dockerfile.split('\n').filter((l) => /^FROM\s/i.test(l));
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const line of froms) expect(line).toMatch(/^FROM\s+[\w./:-]+@sha256:[0-9a-f]{64}(\s+AS\s+\w+)?$/i);
  });

  it('has one entry point for every role and reads its ports from the environment', () => {
    expect(dockerfile).toMatch(/^ENTRYPOINT \["node", "\/app\/dist\/bin\.js"\]$/m);
    expect(dockerfile).toMatch(/^CMD \["serve"\]$/m);
    expect(dockerfile).toMatch(/SCANRELAY_PORT=8787/);
    expect(dockerfile).toMatch(/SCANRELAY_WORKER_HEALTH_PORT=9465/);
    expect(dockerfile).toMatch(/^USER node$/m);
  });
});

/** The HEALTHCHECK's exec-form command (continuation lines joined). */
function healthcheckCommand(): string[] {
  const joined = dockerfile.replace(/\\\n\s*/g, '');
  const m = /^HEALTHCHECK .*?CMD (\[.*\])$/m.exec(joined);
  if (!m) throw new Error('Dockerfile: no exec-form HEALTHCHECK');
  return JSON.parse(m[1]!) as string[];
}

/** Runs the image's healthcheck here, with only the given scanrelay variables; resolves its exit code. */
function runHealthcheck(env: Record<string, string>): Promise<number> {
  const [cmd, ...args] = healthcheckCommand();
  expect(cmd).toBe('node');
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SCANRELAY_')));
  return new Promise((resolve) => {
    execFile(process.execPath, args, { env: { ...base, ...env } }, (err) =>
      resolve(err ? ((err as { code?: number }).code ?? 1) : 0),
    );
  });
}

/** A port nothing listens on (bound, then released). */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe('the image healthcheck against the real service', () => {
  const temp = makeTempDir('scanrelay-deploy-');
  const children: ChildProcess[] = [];
  afterAll(async () => {
    for (const c of children) await stopChild(c);
    temp.cleanup();
  });

  it('is healthy when `serve` answers on SCANRELAY_PORT, unhealthy when nothing does', async () => {
    const { url, child } = await startServe(['--port', '0', '--data-dir', path.join(temp.dir, 'api')]);
    children.push(child);
    const port = new URL(url).port;
    expect(await runHealthcheck({ SCANRELAY_PORT: port })).toBe(0);
    expect(await runHealthcheck({ SCANRELAY_PORT: String(await closedPort()) })).toBe(1);
  });

  it('is healthy for a `worker` through its own health listener, and not once it stops', async () => {
    const { child } = spawnCli(['worker', '--data-dir', path.join(temp.dir, 'worker'), '--health-port', '0']);
    children.push(child);
    const healthUrl = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /worker health on (http:\/\/\S+)\/health/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.stderr?.on('data', (d: Buffer) => {
        out += d.toString();
      });
      child.once('exit', (code) => reject(new Error(`worker exited with ${code}: ${out}`)));
    });
    const env = {
      SCANRELAY_PORT: String(await closedPort()),
      SCANRELAY_WORKER_HEALTH_PORT: new URL(healthUrl).port,
    };
    expect(await runHealthcheck(env)).toBe(0);
    await stopChild(child);
    expect(await runHealthcheck(env)).toBe(1);
  });
});

describe('compose.yaml', () => {
  const compose = parse(read('compose.yaml'), { merge: true }) as {
    services: Record<string, Record<string, unknown>>;
  };
  const services = compose.services;
  const scanrelay = Object.entries(services).filter(([, s]) => s.build !== undefined);

  it('runs migrate, api and worker from one image built once from the Dockerfile', () => {
    expect(scanrelay.map(([n]) => n).sort()).toEqual(['api', 'migrate', 'worker']);
    const images = new Set(scanrelay.map(([, s]) => s.image));
    expect(images.size).toBe(1);
    expect([...images][0]).toMatch(/scanrelay/);
    expect(services.api!.command).toEqual(['serve', '--no-worker']);
    expect(services.worker!.command).toEqual(['worker']);
    expect(services.migrate!.command).toEqual(['migrate']);
  });

  it('restarts the long-running services and checks their health', () => {
    for (const [name, s] of Object.entries(services)) {
      if (name === 'migrate') {
        expect(s.restart).toBe('no');
        continue;
      }
      expect(['always', 'unless-stopped'], name).toContain(s.restart);
      const hc = s.healthcheck as { test?: unknown; disable?: boolean } | undefined;
      expect(hc, `${name}: healthcheck`).toBeDefined();
      expect(hc?.disable, name).toBeUndefined();
      // scanrelay containers inherit the image's HEALTHCHECK (tested above); the others bring their own.
      if (!s.build) expect(hc?.test, name).toBeDefined();
    }
    const workerEnv = services.worker!.environment as Record<string, string>;
    expect(workerEnv.SCANRELAY_WORKER_HEALTH_PORT).toMatch(/^\d+$/);
    expect(services.api!.depends_on).toMatchObject({
      migrate: { condition: 'service_completed_successfully' },
    });
  });

  it('documents how to create the first API key, here and in docs/deployment.md', () => {
    const keyCommand = /keys create --tenant \S+ --scopes \S*admin/;
    expect(read('compose.yaml')).toMatch(keyCommand);
    expect(read('docs/deployment.md')).toMatch(keyCommand);
  });
});
