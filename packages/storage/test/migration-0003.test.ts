import { need } from '@scanrelay/test-utils';
import { describe, expect, it } from 'vitest';
import type { Executor } from '../src/executor.js';
import { isStorageError, loadMigrations, type Store } from '../src/index.js';
import { applyMigrations } from '../src/migrate.js';
import { seededDatabase } from './seeded-database.js';

const COUNTS = JSON.stringify({ critical: 0, high: 0, medium: 0, low: 0, info: 0 });

/** A database at 0002 holding three active SAST scans (uploads) of one project and provider, and one of another. */
async function seedAt0002(ex: Executor): Promise<void> {
  const before = loadMigrations(ex.dialect).filter((m) => m.version < '0003');
  expect((await applyMigrations(ex, before)).current.at(-1)).toBe('0002_forwards');
  const t = '2026-01-01T00:00:00.000Z';
  await ex.run('INSERT INTO tenants (id, name, created_at) VALUES (?, ?, ?)', ['t1', 'acme', t]);
  await ex.run('INSERT INTO projects (id, tenant_id, name, kind, created_at) VALUES (?, ?, ?, ?, ?)', [
    'p1',
    't1',
    'skill',
    'skill',
    t,
  ]);
  const scans: [string, string, string, string][] = [
    ['s-old', 'patterns', 'pending', '2026-01-01T00:00:00.000Z'],
    ['s-mid', 'patterns', 'running', '2026-01-01T00:01:00.000Z'],
    ['s-new', 'patterns', 'pending', '2026-01-01T00:02:00.000Z'],
    ['s-other', 'semgrep', 'pending', '2026-01-01T00:00:00.000Z'],
  ];
  for (const [id, provider, status, createdAt] of scans)
    await ex.run(
      `INSERT INTO scans (id, tenant_id, project_id, provider, kind, status, counts, created_at, updated_at)
       VALUES (?, 't1', 'p1', ?, 'sast', ?, ?, ?, ?)`,
      [id, provider, status, COUNTS, createdAt, createdAt],
    );
}

/**
 * Migrates the seeded database to the latest version through `createStore`: scans that were not
 * published (uploads, imports) keep their status and never block a publish; published scans are one
 * in flight per project and provider.
 */
async function checkUpgrade(store: Store): Promise<void> {
  expect((await store.migrate()).current.at(-1)).toBe(loadMigrations(store.dialect).at(-1)?.version);
  const status = async (id: string) => (await store.scans.get('t1', id))?.status;
  for (const id of ['s-old', 's-new', 's-other']) expect(await status(id)).toBe('pending');
  expect(await status('s-mid')).toBe('running');
  const publish = () =>
    store.scans
      .create('t1', {
        projectId: 'p1',
        provider: 'patterns',
        kind: 'sast',
        status: 'pending',
        origin: 'publish',
      })
      .then(
        (scan) => scan.origin,
        (err: unknown) => (isStorageError(err) ? err.code : String(err)),
      );
  expect(await publish()).toBe('publish');
  expect(await publish()).toBe('conflict');
}

describe('migration 0003 on a database with data', () => {
  it('upgrades SQLite, leaving the scans it had as they were', async () => {
    const db = await seededDatabase('sqlite', seedAt0002);
    await checkUpgrade(db.store);
  });

  it.runIf(need('postgres'))('upgrades PostgreSQL the same way', async () => {
    const db = await seededDatabase('postgres', seedAt0002);
    await checkUpgrade(db.store);
  });
});
