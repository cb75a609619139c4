import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { openIsolatedStore } from '@scanrelay/storage/testing';
import { pgUrl, redisUrl } from '@scanrelay/test-utils';

/** Where an end-to-end service keeps its state. */
export type Backend = 'sqlite' | 'postgres';

/**
 * The service's backends for an end-to-end test: a fresh SQLite data dir, or a fresh PostgreSQL schema
 * with its own BullMQ prefix; an upload+read API key of tenant `acme`, and the environment that points
 * `scanrelay serve` at them.
 */
export async function prepareBackend(backend: Backend, dataDir: string, name: string) {
  const url = backend === 'sqlite' ? `file:${path.join(dataDir, 'scanrelay.db')}` : pgUrl;
  const isolated = await openIsolatedStore(url);
  const tenant = await isolated.store.tenants.getOrCreate('acme');
  const { key } = await isolated.store.apiKeys.create(tenant.id, { name, scopes: ['upload', 'read'] });
  if (backend === 'sqlite') {
    await isolated.cleanup();
    return { key, env: { DATABASE_URL: '', REDIS_URL: '' }, cleanup: async () => {} };
  }
  return {
    key,
    env: {
      DATABASE_URL: pgUrl,
      SCANRELAY_DATABASE_SCHEMA: isolated.schema ?? '',
      REDIS_URL: redisUrl,
      SCANRELAY_QUEUE_PREFIX: `sr${name}-${randomUUID().slice(0, 8)}`,
    },
    cleanup: isolated.cleanup,
  };
}
