import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { runCli, startServe, stopChild } from './run-cli.js';
import { makeTempDir } from './temp-dir.js';

/** `scanrelay serve` on a fresh data dir with an upload+read key of tenant acme, for client commands. */
export interface KeyedService {
  tmp: ReturnType<typeof makeTempDir>;
  url: string;
  key: string;
  /** What the client commands read: this service's URL and key. */
  env(): NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

/** `scanrelay keys create` on a data dir: an API key of tenant acme with these scopes. */
export async function createApiKey(dataDir: string, scopes = 'upload,read'): Promise<string> {
  const created = await runCli([
    'keys',
    'create',
    '--tenant',
    'acme',
    '--scopes',
    scopes,
    '--data-dir',
    dataDir,
  ]);
  if (created.code !== 0) throw new Error(`keys create failed (${created.code}): ${created.stderr}`);
  return created.stdout.trim();
}

export async function startKeyedService(serveArgs: string[] = []): Promise<KeyedService> {
  const tmp = makeTempDir();
  const dataDir = path.join(tmp.dir, 'data');
  const key = await createApiKey(dataDir);
  // Its own SQLite and embedded queue: no DATABASE_URL or REDIS_URL from the shell is shared.
  let child: ChildProcess | undefined;
  const started = await startServe(['--port', '0', '--data-dir', dataDir, ...serveArgs], {
    env: { DATABASE_URL: '', REDIS_URL: '' },
  });
  child = started.child;
  return {
    tmp,
    url: started.url,
    key,
    env: () => ({ SCANRELAY_API_URL: started.url, SCANRELAY_API_KEY: key }),
    async stop() {
      await stopChild(child);
      child = undefined;
      tmp.cleanup();
    },
  };
}
