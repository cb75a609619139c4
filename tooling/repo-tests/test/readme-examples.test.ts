import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fixturesDir, makeTempDir, repoRoot, startKeyedService } from '@scanrelay/test-utils';
import { createFakeGitHub, createFakeInvicti, createFakePhoenix } from '@scanrelay/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installConsumer, packAll, publishablePackages, readManifest, tsxBin } from './packed-packages.js';

/**
 * Each published package's README: its first ```ts block is the example a user copies. It runs
 * as written (tsx) in a project that installed the packed tarballs, imports only what the README's
 * install line installs, and, for a server, starts and then stops on SIGTERM.
 */
const packages = publishablePackages();
const temp = makeTempDir('scanrelay-readme-');
const project = path.join(temp.dir, 'consumer');

interface Example {
  name: string;
  dir: string;
  code: string;
  install: string[] | undefined;
}

function firstTsExample(readme: string): string | undefined {
  return /^```ts\n([\s\S]*?)^```$/m.exec(readme)?.[1];
}

function installLine(readme: string): string[] | undefined {
  const line = /^(?:npm install|pnpm add)\s+(.+)$/m.exec(readme)?.[1];
  return line
    ?.replace(/#.*$/, '')
    .split(/\s+/)
    .filter((w) => w && !w.startsWith('-'));
}

const examples: Example[] = packages.flatMap((p) => {
  const file = path.join(repoRoot, p.dir, 'README.md');
  if (!existsSync(file)) return [];
  const readme = readFileSync(file, 'utf8');
  const code = firstTsExample(readme);
  return code ? [{ name: p.name, dir: p.dir, code, install: installLine(readme) }] : [];
});

/** Examples that start a server: they run until the first line of output, then get SIGTERM. */
const SERVERS = new Set(['@scanrelay/api', '@scanrelay/worker']);

/** What an example that talks to a service needs: the environment that points it at a fake or a real service. */
interface Service {
  env: NodeJS.ProcessEnv;
  /** Files the example reads from its directory, by name. */
  files?: Record<string, string>;
  stop(): Promise<void>;
}

const A_TRIVY_REPORT = path.join(fixturesDir, 'defectdojo/trivy/scheme_2_many_vulns.json');

/**
 * Examples that talk to a service (a scanrelay API, GitHub, Invicti, Phoenix) take its address and
 * credentials from the environment, as users run them in CI: here each gets a real scanrelay service
 * or a testkit fake of the documented contract on loopback.
 */
const SERVICES: Record<string, (dir: string) => Promise<Service>> = {
  '@scanrelay/client': async () => {
    const service = await startKeyedService();
    return {
      env: service.env(),
      files: { 'trivy.json': readFileSync(A_TRIVY_REPORT, 'utf8') },
      stop: service.stop,
    };
  },
  '@scanrelay/dispatch': async () => {
    const github = await createFakeGitHub();
    return { env: { GITHUB_TOKEN: 'ghp_test', GITHUB_API_URL: github.url }, stop: github.close };
  },
  '@scanrelay/invicti-client': async () => {
    const invicti = await createFakeInvicti({ autoAdvanceMs: 2500, plan: { issues: 3 } });
    const env = {
      INVICTI_URL: invicti.url,
      INVICTI_USER_ID: 'fake-user-id',
      INVICTI_API_TOKEN: 'fake-api-token',
      INVICTI_POLL_MS: '20',
    };
    return { env, stop: invicti.close };
  },
  '@scanrelay/invicti-run': async (dir) => {
    const invicti = await createFakeInvicti({ autoAdvanceMs: 2500, plan: { issues: 3 } });
    const env = {
      SCB_ACTION: 'Scan',
      SCB_INVICTI__URL: invicti.url,
      SCB_INVICTI__USERID: 'fake-user-id',
      SCB_INVICTI__APIKEY: 'fake-api-token',
      SCB_SCAN__TARGETURI: 'https://shop.example.com/',
      SCB_SCAN__PROFILENAME: 'Nightly',
      SCB_SCANNER__OUTPUTPATH: path.join(dir, 'results'),
    };
    return { env, stop: invicti.close };
  },
  '@scanrelay/sinks': async () => {
    const phoenix = await createFakePhoenix();
    const env = {
      PHOENIX_API_URL: phoenix.url,
      PHOENIX_CLIENT_ID: 'phoenix-client',
      PHOENIX_CLIENT_SECRET: 'phoenix-secret',
      SCANRELAY_ALLOW_PRIVATE_URLS: 'true',
      SCANRELAY_ALLOW_HTTP_URLS: 'true',
    };
    return { env, stop: phoenix.close };
  },
};

function bareImports(code: string): string[] {
  const specs = [...code.matchAll(/from\s+'([^']+)'/g)].map((m) => m[1] ?? '');
  return specs
    .filter((s) => !s.startsWith('node:') && !s.startsWith('.'))
    .map((s) => (s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : (s.split('/')[0] ?? s)));
}

function runExample(
  dir: string,
  isServer: boolean,
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [tsxBin, 'example.ts'], {
      cwd: dir,
      env: { ...process.env, ...env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let stopped = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      if (isServer && !stopped && stdout.includes('\n')) {
        stopped = true;
        child.kill('SIGTERM');
      }
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

beforeAll(async () => {
  const tarballs = await packAll(packages, temp.dir);
  mkdirSync(project);
  await installConsumer(project, [...tarballs.values()], ['zod@^4.1.0']);
}, 600_000);

afterAll(() => temp.cleanup());

describe('README examples', () => {
  it('exist for the libraries people install', () => {
    expect(examples.map((e) => e.name)).toEqual(
      expect.arrayContaining([
        '@scanrelay/parsers',
        '@scanrelay/core',
        '@scanrelay/worker',
        '@scanrelay/findings-schema',
      ]),
    );
  });

  it.each(examples)('$name: imports only what its install line installs', ({ name, dir, code, install }) => {
    const deps = Object.keys(
      (readManifest(dir) as { dependencies?: Record<string, string> }).dependencies ?? {},
    );
    const allowed = new Set([name, ...(install ?? deps)]);
    expect(bareImports(code).filter((s) => !allowed.has(s))).toEqual([]);
  });

  it.each(examples)(
    '$name: runs as written',
    async ({ name, code }) => {
      const dir = path.join(project, `example-${name.replace(/[@/]/g, '_')}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, 'example.ts'), code);
      const service = await SERVICES[name]?.(dir);
      try {
        for (const [file, text] of Object.entries(service?.files ?? {}))
          writeFileSync(path.join(dir, file), text);
        const result = await runExample(dir, SERVERS.has(name), service?.env ?? {});
        const failed = result.code !== 0 || /Error|error:/.test(result.stderr);
        expect(failed ? `exit ${result.code}: ${result.stderr}${result.stdout}` : 'ok', name).toBe('ok');
        expect(result.stdout.trim().length, name).toBeGreaterThan(0);
      } finally {
        await service?.stop();
      }
    },
    120_000,
  );

  it('names services only for examples that exist', () => {
    expect(Object.keys(SERVICES).filter((n) => !examples.some((e) => e.name === n))).toEqual([]);
  });
});
