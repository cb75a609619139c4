import { describe, expect, it } from 'vitest';
import { StorageError } from '../storage-error.js';
import { withDefaultPgUser } from './with-default-pg-user.js';

const noUser = 'postgres://127.0.0.1:5432/test';

describe('withDefaultPgUser', () => {
  it('takes PGUSER first, then the operating-system user, as libpq does', () => {
    expect(withDefaultPgUser(noUser, { env: { PGUSER: 'alice' }, osUser: () => 'bob' })).toBe(
      'postgres://alice@127.0.0.1:5432/test',
    );
    expect(withDefaultPgUser(noUser, { env: {}, osUser: () => 'bob' })).toBe(
      'postgres://bob@127.0.0.1:5432/test',
    );
    expect(withDefaultPgUser(noUser, { env: { PGUSER: 'a@b' }, osUser: () => 'bob' })).toBe(
      'postgres://a%40b@127.0.0.1:5432/test',
    );
  });

  it('keeps a URL that names its user, in the authority or as ?user=', () => {
    const env = { PGUSER: 'alice' };
    expect(withDefaultPgUser('postgres://carol:pw@db/app', { env })).toBe('postgres://carol:pw@db/app');
    expect(withDefaultPgUser('postgres://db/app?user=carol', { env })).toBe('postgres://db/app?user=carol');
  });

  it('puts the user in the query of a socket URL, which has no authority', () => {
    expect(withDefaultPgUser('postgres:///app?host=/run/postgresql', { env: { PGUSER: 'alice' } })).toBe(
      'postgres:///app?host=/run/postgresql&user=alice',
    );
  });

  it('says what to add when no user can be found', () => {
    const fail = () =>
      withDefaultPgUser('postgres://127.0.0.1/test', {
        env: {},
        osUser: () => {
          throw new Error('ENOENT: no passwd entry');
        },
      });
    expect(fail).toThrow(StorageError);
    expect(fail).toThrow(/names no user.*postgres:\/\/USER@host:5432\/db, or set PGUSER/);
  });
});
