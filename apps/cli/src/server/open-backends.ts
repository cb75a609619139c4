import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { createBullmqQueue, createSqliteQueue, type Queue } from '@scanrelay/queue';
import { createStore, parseStoreUrl, redactUrl, type Store } from '@scanrelay/storage';
import { CliError, EXIT } from '../cli-error.js';
import type { CliConfig } from '../config/index.js';

export interface Backends {
  store: Store;
  queue: Queue;
  dataDir: string;
  /** For messages: the database URL with its password redacted, and the queue driver. */
  describe: string;
  close(): Promise<void>;
}

/**
 * The store and the queue a server or worker runs on: `DATABASE_URL` or `<dataDir>/scanrelay.db`
 * (migrated on open), and BullMQ when `REDIS_URL` is set, else the embedded queue in
 * `<dataDir>/queue.db`.
 */
export async function openBackends(
  server: CliConfig['server'],
  options: { migrate?: boolean } = {},
): Promise<Backends> {
  const dataDir = path.resolve(server.dataDir);
  await mkdir(dataDir, { recursive: true }).catch((cause) => {
    throw new CliError(`server.dataDir: cannot create ${dataDir}: ${(cause as Error).message}`, EXIT.usage);
  });
  const url = server.databaseUrl ?? `file:${path.join(dataDir, 'scanrelay.db')}`;
  try {
    parseStoreUrl(url);
  } catch (cause) {
    throw new CliError(`server.databaseUrl (DATABASE_URL): ${(cause as Error).message}`, EXIT.usage);
  }
  let store: Store;
  try {
    store = await createStore(url, { migrate: options.migrate ?? true, schema: server.databaseSchema });
  } catch (cause) {
    throw new CliError(
      `cannot open the database ${redactUrl(url)}: ${(cause as Error).message}`,
      EXIT.failed,
      { cause },
    );
  }
  let queue: Queue;
  try {
    // The embedded queue has its own file: better-sqlite3 waits synchronously on a locked file, and a
    // long ingest transaction on the store's file would stall every queue poll in this process.
    if (server.redisUrl)
      queue = createBullmqQueue({ connection: server.redisUrl, prefix: server.queuePrefix });
    else queue = createSqliteQueue({ database: path.join(dataDir, 'queue.db') });
  } catch (cause) {
    await store.close();
    throw new CliError(`cannot open the queue: ${(cause as Error).message}`, EXIT.failed, { cause });
  }
  return {
    store,
    queue,
    dataDir,
    describe: `database ${store.url}, queue ${queue.driver === 'bullmq' ? `bullmq ${redactUrl(server.redisUrl ?? '')}` : 'embedded (sqlite)'}`,
    async close() {
      await queue.close().catch(() => {});
      await store.close().catch(() => {});
    },
  };
}
