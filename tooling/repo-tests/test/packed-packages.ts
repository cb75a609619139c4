import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '@scanrelay/test-utils';

const run = promisify(execFile);

export interface PublishablePackage {
  name: string;
  /** The package folder, relative to the repository root. */
  dir: string;
  version: string;
}

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  exports?: Record<string, unknown>;
}

export function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(path.join(repoRoot, dir, 'package.json'), 'utf8')) as Manifest;
}

/** Every package changesets publishes: the workspace's packages and apps that are not private. */
export function publishablePackages(): PublishablePackage[] {
  const out: PublishablePackage[] = [];
  for (const parent of ['packages', 'apps']) {
    for (const name of readdirSync(path.join(repoRoot, parent)).sort()) {
      const dir = `${parent}/${name}`;
      if (!existsSync(path.join(repoRoot, dir, 'package.json'))) continue;
      const pkg = readManifest(dir);
      if (!pkg.private) out.push({ name: pkg.name, dir, version: pkg.version });
    }
  }
  return out;
}

const PNPM = ['-y', 'pnpm@10.34.8'];

/**
 * `pnpm pack` of every publishable package into `dest` (workspace:^ becomes the version, as on
 * publish). Returns the tarball of each package by name.
 */
export async function packAll(packages: PublishablePackage[], dest: string): Promise<Map<string, string>> {
  const filters = packages.flatMap((p) => ['--filter', p.name]);
  await run('npx', [...PNPM, '-r', ...filters, 'pack', '--pack-destination', dest], {
    cwd: repoRoot,
    maxBuffer: 16 * 1024 * 1024,
  });
  const tarballs = new Map<string, string>();
  for (const p of packages) {
    const file = path.join(dest, `${p.name.replace(/^@/, '').replace('/', '-')}-${p.version}.tgz`);
    if (!existsSync(file)) throw new Error(`pnpm pack left no tarball for ${p.name} at ${file}`);
    tarballs.set(p.name, file);
  }
  return tarballs;
}

/** The workspace's better-sqlite3 (its native addon is built by `npm run setup`). */
function workspaceBetterSqlite(): { dir: string; version: string } {
  const store = path.join(repoRoot, 'node_modules/.pnpm');
  const entry = readdirSync(store).find((d) => d.startsWith('better-sqlite3@'));
  if (!entry) throw new Error('better-sqlite3 is not installed in the workspace: run `npm run setup` first');
  const dir = path.join(store, entry, 'node_modules/better-sqlite3');
  const { version } = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string };
  return { dir, version };
}

/**
 * A consumer project outside the workspace: `npm install` of the tarballs (third-party dependencies
 * from the registry) and of `extra` registry packages the consumer brings (e.g. @types/node).
 *
 * Install scripts are skipped: with them, npm compiles better-sqlite3 from source here (no prebuilt
 * binary is reachable), which takes minutes. better-sqlite3 is pinned (overrides) to the workspace's
 * version and its addon, already built by `npm run setup`, is copied in, so SQLite works as it would
 * after a normal install.
 */
export async function installConsumer(dir: string, tarballs: string[], extra: string[] = []): Promise<void> {
  const sqlite = workspaceBetterSqlite();
  writeFileSync(
    path.join(dir, 'package.json'),
    `${JSON.stringify({ name: 'consumer', private: true, type: 'module', overrides: { 'better-sqlite3': sqlite.version } }, null, 2)}\n`,
  );
  await run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', ...tarballs, ...extra], {
    cwd: dir,
    maxBuffer: 16 * 1024 * 1024,
  });
  const installed = path.join(dir, 'node_modules/better-sqlite3');
  if (existsSync(installed)) {
    const release = path.join(installed, 'build/Release');
    mkdirSync(release, { recursive: true });
    copyFileSync(
      path.join(sqlite.dir, 'build/Release/better_sqlite3.node'),
      path.join(release, 'better_sqlite3.node'),
    );
  }
}

/** Runs a file with Node in `cwd`; rejects with stderr on failure. */
export async function runNode(
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, args, { cwd, env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 });
}

export const tscBin = path.join(repoRoot, 'node_modules/typescript/bin/tsc');
export const tsxBin = path.join(repoRoot, 'node_modules/tsx/dist/cli.mjs');
