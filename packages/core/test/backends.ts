import path from 'node:path';
import type { Store } from '@scanrelay/storage';
import { openIsolatedStore } from '@scanrelay/storage/testing';
import { makeTempDir, need, pgUrl } from '@scanrelay/test-utils';

export interface Backend {
  name: 'sqlite' | 'postgres';
  enabled: boolean;
  /** A fresh migrated store: SQLite in a temp file (WAL), PostgreSQL in a random schema. */
  open(): Promise<{ store: Store; cleanup: () => Promise<void> }>;
}

export const backends: Backend[] = [
  {
    name: 'sqlite',
    enabled: true,
    async open() {
      const tmp = makeTempDir('scanrelay-ingest-');
      const { store, cleanup } = await openIsolatedStore(`file:${path.join(tmp.dir, 'scanrelay.db')}`);
      return { store, cleanup: () => cleanup().then(tmp.cleanup) };
    },
  },
  { name: 'postgres', enabled: need('postgres'), open: () => openIsolatedStore(pgUrl) },
];
