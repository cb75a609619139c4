import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { StorageError } from './storage-error.js';
import { parseStoreUrl, redactUrl } from './store-url.js';

describe('parseStoreUrl', () => {
  it('reads file:, sqlite:, :memory: and postgres:// URLs', () => {
    expect(parseStoreUrl('file:./data/scanrelay.db')).toEqual({
      dialect: 'sqlite',
      filename: path.resolve('data/scanrelay.db'),
    });
    expect(parseStoreUrl('sqlite:/tmp/x.db')).toEqual({ dialect: 'sqlite', filename: '/tmp/x.db' });
    expect(parseStoreUrl(':memory:')).toEqual({ dialect: 'sqlite', filename: ':memory:' });
    expect(parseStoreUrl('postgresql://u:p@db:5432/app')).toEqual({
      dialect: 'postgres',
      connectionString: 'postgresql://u:p@db:5432/app',
    });
  });

  it('refuses anything else with an invalid_url StorageError that hides the password', () => {
    const err = (() => {
      try {
        parseStoreUrl('mysql://root:hunter2@db/app');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(StorageError);
    expect(err).toMatchObject({ code: 'invalid_url' });
    expect((err as Error).message).toContain('mysql://root:***@db/app');
    expect((err as Error).message).not.toContain('hunter2');
  });

  it('redacts passwords in URLs', () => {
    expect(redactUrl('postgres://scanrelay:s3cret@127.0.0.1:5432/test')).toBe(
      'postgres://scanrelay:***@127.0.0.1:5432/test',
    );
    expect(redactUrl('postgres://127.0.0.1/test')).toBe('postgres://127.0.0.1/test');
  });
});
