import { userInfo } from 'node:os';
import { StorageError } from '../storage-error.js';
import { redactUrl } from '../store-url.js';

export interface DefaultPgUserSources {
  /** Read for `PGUSER`; default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** The operating-system user name; default `os.userInfo().username`. */
  osUser?: () => string;
}

/**
 * The connection string with a user name when it names none, chosen as libpq chooses it: `PGUSER`,
 * else the operating-system user. node-postgres falls back to `$USER` instead, which is unset in
 * many containers, and then fails with "no PostgreSQL user name specified in startup packet".
 */
export function withDefaultPgUser(connectionString: string, sources: DefaultPgUserSources = {}): string {
  const url = new URL(connectionString);
  if (url.username || url.searchParams.get('user')) return connectionString;
  const user = (sources.env ?? process.env).PGUSER || osUserName(sources.osUser);
  if (!user) {
    throw new StorageError(
      'invalid_url',
      `the PostgreSQL URL "${redactUrl(connectionString)}" names no user and none could be found (PGUSER is unset and the operating-system user has no name): add one, e.g. postgres://USER@host:5432/db, or set PGUSER`,
    );
  }
  // A socket URL (`postgres:///db?host=/run/postgresql`) has no authority to hold a user name.
  if (url.host) url.username = encodeURIComponent(user);
  else url.search = `${url.search || '?'}${url.search ? '&' : ''}user=${encodeURIComponent(user)}`;
  return url.toString();
}

function osUserName(osUser: (() => string) | undefined): string | undefined {
  try {
    return (osUser ?? (() => userInfo().username))() || undefined;
  } catch {
    // userInfo() throws when the uid has no passwd entry (an arbitrary container uid).
    return undefined;
  }
}
