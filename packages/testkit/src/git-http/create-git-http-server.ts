import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { type LocalServer, listenLocal } from '../listen-local.js';
import { httpBackend } from './http-backend.js';

const run = promisify(execFile);

export interface GitHttpServerOptions {
  /** The repository's name in its URL (`<url>/<name>.git`); default `repo`. */
  name?: string;
  /** The default branch; default `main`. */
  branch?: string;
  /**
   * `smart` (default): git's smart HTTP through `git http-backend`, as real forges serve (shallow
   * clones, fetch by commit). `dumb`: the static files only, after `git update-server-info`.
   */
  protocol?: 'smart' | 'dumb';
}

/** A git repository served read-only over HTTP on 127.0.0.1 (smart or dumb protocol). */
export interface GitHttpServer {
  /** The clone URL: `http://127.0.0.1:<port>/<name>.git`. */
  repoUrl: string;
  /** The paths requested so far (e.g. `/repo.git/info/refs`), in order. */
  requests: string[];
  /**
   * Writes `files` (path → content) into the work tree, commits them, pushes to the served
   * repository and refreshes its server info. Returns the new commit's sha.
   */
  commit(files: Record<string, string | Buffer>, message?: string): Promise<string>;
  /** Creates a tag on the current commit and pushes it. */
  tag(name: string): Promise<void>;
  /** The served repository's HEAD commit. */
  head(): Promise<string>;
  /** Stops the server and deletes both repositories. */
  close(): Promise<void>;
}

const IDENTITY = ['-c', 'user.name=scanrelay test', '-c', 'user.email=test@scanrelay.invalid'];

async function git(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await run('git', [...IDENTITY, ...args], {
    cwd,
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' },
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout.trim();
}

/** The file under `root` that a request path names, or undefined when it leaves `root`. */
function fileFor(root: string, pathname: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  const file = path.resolve(root, `.${decoded}`);
  return file.startsWith(`${root}${path.sep}`) ? file : undefined;
}

/**
 * Creates an empty repository (a bare one served, a work tree to commit from) and serves it over
 * HTTP on loopback, never `file://`: through `git http-backend` (smart) or as static files after
 * `git update-server-info` (dumb). Commit at least once before cloning.
 */
export async function createGitHttpServer(options: GitHttpServerOptions = {}): Promise<GitHttpServer> {
  const name = options.name ?? 'repo';
  const branch = options.branch ?? 'main';
  const root = await mkdtemp(path.join(tmpdir(), 'scanrelay-git-http-'));
  const bare = path.join(root, `${name}.git`);
  const work = path.join(root, 'work');
  await git(root, ['init', '--quiet', '--bare', `--initial-branch=${branch}`, '--', bare]);
  await git(root, ['init', '--quiet', `--initial-branch=${branch}`, '--', work]);
  await git(work, ['remote', 'add', 'origin', '--', bare]);
  await git(bare, ['config', 'uploadpack.allowReachableSHA1InWant', 'true']);
  await git(bare, ['config', 'http.receivepack', 'false']);
  const smart = (options.protocol ?? 'smart') === 'smart';

  const requests: string[] = [];
  const server: LocalServer = await listenLocal(async (req) => {
    const { pathname } = new URL(req.url);
    requests.push(pathname);
    if (smart) return httpBackend(root, req);
    if (req.method !== 'GET' && req.method !== 'HEAD') return new Response('read only', { status: 405 });
    const file = fileFor(root, pathname);
    if (file === undefined || !file.startsWith(`${bare}${path.sep}`))
      return new Response('not found', { status: 404 });
    try {
      if (!(await stat(file)).isFile()) return new Response('not found', { status: 404 });
      return new Response(new Uint8Array(await readFile(file)), {
        headers: { 'content-type': 'application/octet-stream' },
      });
    } catch {
      return new Response('not found', { status: 404 });
    }
  });

  const publish = async (refs: string[]): Promise<void> => {
    await git(work, ['push', '--quiet', 'origin', ...refs]);
    await git(bare, ['update-server-info']);
  };

  return {
    repoUrl: `${server.url}/${name}.git`,
    requests,
    async commit(files, message = 'change') {
      for (const [relative, content] of Object.entries(files)) {
        const file = path.join(work, relative);
        await mkdir(path.dirname(file), { recursive: true });
        await writeFile(file, content);
      }
      await git(work, ['add', '--all']);
      await git(work, ['commit', '--quiet', '--allow-empty', '-m', message]);
      await publish([`${branch}:${branch}`]);
      return git(work, ['rev-parse', 'HEAD']);
    },
    async tag(tagName) {
      await git(work, ['tag', '--', tagName]);
      await publish([`refs/tags/${tagName}`]);
    },
    head: () => git(bare, ['rev-parse', 'HEAD']),
    async close() {
      await server.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}
