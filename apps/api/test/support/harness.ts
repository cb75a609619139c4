import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Dispatcher } from '@scanrelay/dispatch';
import { createBullmqQueue, createSqliteQueue, type Queue } from '@scanrelay/queue';
import { createStore, type Store } from '@scanrelay/storage';
import { openIsolatedStore } from '@scanrelay/storage/testing';
import { makeTempDir, pgUrl, redisUrl } from '@scanrelay/test-utils';
import { createWorker, type ScanrelayWorker } from '@scanrelay/worker';
import { Queue as BullQueue } from 'bullmq';
import { type ApiConfigInput, createApi, type ScanrelayApi } from '../../src/index.js';

export type Backend = 'sqlite' | 'postgres';

/** Backing services that several API/worker instances can open (like separate processes would). */
export interface Backends {
  backend: Backend;
  dataDir: string;
  store: Store;
  queue: Queue;
  /** For a separate worker process: the environment and flags that reach the same backends. */
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

export async function openBackends(backend: Backend): Promise<Backends> {
  const { dir, cleanup: removeDir } = makeTempDir('scanrelay-api-');
  if (backend === 'sqlite') {
    const store = await createStore(`file:${path.join(dir, 'scanrelay.db')}`);
    const queue = createSqliteQueue({ database: path.join(dir, 'queue.db') });
    return {
      backend,
      dataDir: dir,
      store,
      queue,
      env: {},
      async cleanup() {
        await queue.close();
        await store.close();
        removeDir();
      },
    };
  }
  const isolated = await openIsolatedStore(pgUrl);
  const prefix = `srapi-${randomUUID().slice(0, 8)}`;
  const queue = createBullmqQueue({ connection: redisUrl, prefix, onError: () => {} });
  return {
    backend,
    dataDir: dir,
    store: isolated.store,
    queue,
    env: {
      DATABASE_URL: pgUrl,
      SCANRELAY_DATABASE_SCHEMA: isolated.schema!,
      REDIS_URL: redisUrl,
      SCANRELAY_QUEUE_PREFIX: prefix,
    },
    async cleanup() {
      await queue.close();
      const q = new BullQueue('scanrelay', { connection: { url: redisUrl }, prefix });
      await q.obliterate({ force: true }).catch(() => {});
      await q.close();
      await isolated.cleanup();
      removeDir();
    },
  };
}

export interface Service {
  url: string;
  api: ScanrelayApi;
  worker?: ScanrelayWorker;
  close(): Promise<void>;
}

/** An API on 127.0.0.1:0 and, unless `worker: false`, an in-process worker, over `backends`. */
export async function startService(
  b: Backends,
  opts: {
    config?: Partial<ApiConfigInput>;
    dispatcher?: Dispatcher;
    worker?: boolean;
    invicti?: { baseUrl: string; userId: string; apiToken: string };
  } = {},
): Promise<Service> {
  const api = createApi({
    store: b.store,
    queue: b.queue,
    dispatcher: opts.dispatcher,
    config: { dataDir: b.dataDir, logPollMs: 50, ...opts.config },
  });
  const worker =
    opts.worker === false
      ? undefined
      : createWorker({
          store: b.store,
          queue: b.queue,
          dataDir: b.dataDir,
          invicti: opts.invicti,
          pollMs: 50,
          backoff: { baseMs: 100, maxMs: 500 },
        });
  const { url } = await api.start({ port: 0, host: '127.0.0.1' });
  worker?.start();
  return {
    url,
    api,
    worker,
    async close() {
      // Generous: the drain returns as soon as in-flight requests end; on a loaded machine they may be slow.
      await api.close({ timeoutMs: 30_000 });
      await worker?.close(5000);
    },
  };
}

/** Files waiting in the upload directory. */
export function pendingUploads(dataDir: string): string[] {
  try {
    return readdirSync(path.join(dataDir, 'uploads'));
  } catch {
    return [];
  }
}
