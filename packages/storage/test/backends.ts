import path from 'node:path';
import { makeTempDir, need, pgUrl } from '@scanrelay/test-utils';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { createStore, type Store } from '../src/index.js';
import { openIsolatedStore } from '../src/testing.js';

/** Opens stores with `open`, closes them before `cleanup`. */
function replicas(open: () => Promise<Store>, cleanup: () => Promise<void>) {
  const opened: Store[] = [];
  return {
    async another() {
      const store = await open();
      opened.push(store);
      return store;
    },
    async cleanup() {
      await Promise.all(opened.map((s) => s.close()));
      await cleanup();
    },
  };
}

export interface OpenBackend {
  store: Store;
  cleanup: () => Promise<void>;
  /** A read through a separate raw connection to the same database (checks only). */
  query(sql: string): Promise<Record<string, unknown>[]>;
  /** A second store on the same database, as another replica would open it (closed by `cleanup`). */
  another(): Promise<Store>;
}

export interface Backend {
  name: 'sqlite' | 'postgres';
  enabled: boolean;
  /** A fresh migrated store (SQLite: a file in a temp dir, WAL; PostgreSQL: a random schema). */
  open(): Promise<OpenBackend>;
}

export const backends: Backend[] = [
  {
    name: 'sqlite',
    enabled: true,
    async open() {
      const tmp = makeTempDir('scanrelay-storage-');
      const file = path.join(tmp.dir, 'scanrelay.db');
      const { store, cleanup } = await openIsolatedStore(`file:${file}`);
      const more = replicas(
        () => createStore(`file:${file}`, { migrate: false }),
        async () => {
          await cleanup();
          tmp.cleanup();
        },
      );
      return {
        store,
        another: more.another,
        cleanup: more.cleanup,
        async query(sql) {
          const db = new Database(file, { readonly: true });
          try {
            return db.prepare(sql).all() as Record<string, unknown>[];
          } finally {
            db.close();
          }
        },
      };
    },
  },
  {
    name: 'postgres',
    enabled: need('postgres'),
    async open() {
      const { store, schema, cleanup } = await openIsolatedStore(pgUrl);
      const more = replicas(() => createStore(pgUrl, { schema, migrate: false }), cleanup);
      return {
        store,
        another: more.another,
        cleanup: more.cleanup,
        async query(sql) {
          const client = new pg.Client({ connectionString: pgUrl, options: `-c search_path=${schema}` });
          await client.connect();
          try {
            return (await client.query(sql)).rows;
          } finally {
            await client.end();
          }
        },
      };
    },
  },
];

/**
 * One `describe` per enabled backend, named `${title} on ${backend}`, with a fresh store opened before
 * its tests and closed after them; `body` reads the open backend through `current` inside its tests.
 */
export function describeEachBackend(title: string, body: (current: () => OpenBackend) => void): void {
  for (const backend of backends) {
    describe.runIf(backend.enabled)(`${title} on ${backend.name}`, () => {
      let opened: OpenBackend | undefined;
      beforeAll(async () => {
        opened = await backend.open();
      });
      afterAll(() => opened?.cleanup());
      body(() => {
        if (!opened) throw new Error(`the ${backend.name} store is not open`);
        return opened;
      });
    });
  }
}
