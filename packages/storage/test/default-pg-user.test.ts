import { need, pgUrl } from '@scanrelay/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createStore } from '../src/index.js';

describe.runIf(need('postgres'))('a PostgreSQL URL without a user name', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('connects as the operating-system user, as libpq would, when PGUSER is unset', async () => {
    const url = new URL(pgUrl);
    url.username = '';
    url.password = '';
    vi.stubEnv('PGUSER', '');
    // node-postgres alone fails here with "no PostgreSQL user name specified in startup packet".
    const outcome = await createStore(url.toString(), { migrate: false }).then(
      async (store) => {
        const ok = await store.ping();
        await store.close();
        return ok ? 'connected' : 'ping failed';
      },
      (e: Error) => e.message,
    );
    // A machine whose OS user has no role answers with that role's name: still the libpq default.
    expect(outcome).toMatch(/^connected$|role ".+" does not exist/);
  });

  it('connects as PGUSER', async () => {
    const url = new URL(pgUrl);
    url.username = '';
    url.password = '';
    vi.stubEnv('PGUSER', new URL(pgUrl).username || 'postgres');
    const store = await createStore(url.toString(), { migrate: false });
    expect(await store.ping()).toBe(true);
    await store.close();
  });
});
