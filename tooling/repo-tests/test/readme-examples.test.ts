import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir, repoRoot } from '@scanrelay/test-utils';
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

/**
 * Examples that talk to a service (a scanrelay API, GitHub, Invicti, Phoenix) and do not yet take its
 * address and credentials from the environment that this test could point at a testkit fake. They
 * are expected to fail here until they do: when one starts to pass, move it out of this list.
 */
const NEEDS_A_SERVICE = new Set([
  '@scanrelay/client',
  '@scanrelay/dispatch',
  '@scanrelay/invicti-client',
  '@scanrelay/invicti-run',
  '@scanrelay/sinks',
]);

function bareImports(code: string): string[] {
  const specs = [...code.matchAll(/from\s+'([^']+)'/g)].map((m) => m[1] ?? '');
  return specs
    .filter((s) => !s.startsWith('node:') && !s.startsWith('.'))
    .map((s) => (s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : (s.split('/')[0] ?? s)));
}

function runExample(
  dir: string,
  isServer: boolean,
): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [tsxBin, 'example.ts'], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1' },
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

  async function runsAsWritten(name: string, code: string): Promise<boolean> {
    const dir = path.join(project, `example-${name.replace(/[@/]/g, '_')}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'example.ts'), code);
    const result = await runExample(dir, SERVERS.has(name));
    return result.code === 0 && !/Error|error:/.test(result.stderr) && result.stdout.trim().length > 0;
  }

  const runnable = examples.filter((e) => !NEEDS_A_SERVICE.has(e.name));
  it.each(runnable)('$name: runs as written', async ({ name, code }) => {
    expect(await runsAsWritten(name, code), name).toBe(true);
  });

  const pending = examples.filter((e) => NEEDS_A_SERVICE.has(e.name));
  it.each(pending)(
    '$name: still needs a service (remove it from NEEDS_A_SERVICE once it runs)',
    async ({ name, code }) => {
      expect(await runsAsWritten(name, code), name).toBe(false);
    },
  );
});
