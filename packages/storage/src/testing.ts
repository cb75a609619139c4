import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createStore } from './create-store.js';
import { parseStoreUrl } from './store-url.js';
import type { Store, StoreOptions } from './types.js';

export interface IsolatedStore {
  store: Store;
  /** The PostgreSQL schema made for this store (absent for SQLite). */
  schema?: string;
  /** Closes the store and drops its schema. */
  cleanup(): Promise<void>;
}

/**
 * A migrated store that shares nothing with other tests: for `postgres://…` a fresh schema with a
 * random name (dropped by `cleanup`), for SQLite the URL as given (use `:memory:` or a temp file).
 */
export async function openIsolatedStore(url: string, options: StoreOptions = {}): Promise<IsolatedStore> {
  const parsed = parseStoreUrl(url);
  if (parsed.dialect === 'sqlite') {
    const store = await createStore(url, options);
    return { store, cleanup: () => store.close() };
  }
  const schema = `sr_test_${randomBytes(6).toString('hex')}`;
  const store = await createStore(url, { ...options, schema });
  return {
    store,
    schema,
    async cleanup() {
      await store.close();
      const client = new pg.Client({ connectionString: parsed.connectionString });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}
