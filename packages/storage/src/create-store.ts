import pg from 'pg';
import type { Executor } from './executor.js';
import type { FindingBulk } from './finding-bulk.js';
import { applyMigrations } from './migrate.js';
import { type AnyPgExecutor, PgExecutor } from './pg/pg-executor.js';
import { createPgFindingBulk } from './pg/pg-finding-bulk.js';
import { withDefaultPgUser } from './pg/with-default-pg-user.js';
import { createApiKeyRepository } from './repos/api-keys.js';
import { createBlocklistRepository } from './repos/blocklist.js';
import { createDeliveryRepository } from './repos/deliveries.js';
import { createFindingRepository } from './repos/findings.js';
import { createForwardRepository } from './repos/forwards.js';
import { createJobLogRepository } from './repos/job-logs.js';
import { createJobRepository } from './repos/jobs.js';
import { createProjectRepository } from './repos/projects.js';
import { createRateLimitRepository } from './repos/rate-limits.js';
import { createSastResultRepository } from './repos/sast-results.js';
import { createScanRepository } from './repos/scans.js';
import { createSessionRepository } from './repos/sessions.js';
import { createSummaryRepository } from './repos/summaries.js';
import { createTenantRepository } from './repos/tenants.js';
import { SqliteExecutor } from './sqlite/sqlite-executor.js';
import { createSqliteFindingBulk } from './sqlite/sqlite-finding-bulk.js';
import { DEFAULT_STORE_URL, parseStoreUrl, redactUrl } from './store-url.js';
import type { Store, StoreOptions } from './types.js';

function bulkFor(ex: Executor): FindingBulk {
  return ex.dialect === 'sqlite' ? createSqliteFindingBulk(ex) : createPgFindingBulk(ex as AnyPgExecutor);
}

type RepositoryName = Exclude<keyof Store, 'dialect' | 'url' | 'migrate' | 'ping' | 'transaction' | 'close'>;

/** Every repository of a store, each built from the executor it runs on. */
const REPOSITORIES = {
  tenants: createTenantRepository,
  apiKeys: createApiKeyRepository,
  projects: createProjectRepository,
  scans: createScanRepository,
  findings: (ex: Executor) => createFindingRepository(ex, bulkFor(ex)),
  jobs: createJobRepository,
  jobLogs: createJobLogRepository,
  deliveries: createDeliveryRepository,
  summaries: createSummaryRepository,
  blocklist: createBlocklistRepository,
  forwards: createForwardRepository,
  sastResults: createSastResultRepository,
  rateLimits: createRateLimitRepository,
  sessions: createSessionRepository,
} satisfies { [K in RepositoryName]: (ex: Executor) => Store[K] };

function buildStore(ex: Executor, url: string, root: Executor): Store {
  const store = {
    dialect: ex.dialect,
    url,
    migrate: () => applyMigrations(root),
    async ping() {
      try {
        await root.get('SELECT 1 AS one');
        return true;
      } catch {
        return false;
      }
    },
    transaction: (fn) =>
      ex.inTransaction ? fn(store) : ex.transaction((tx) => fn(buildStore(tx, url, root))),
    close: () => root.close(),
  } as Store;
  // Built on first use: a transaction (e.g. a webhook delivery's) touches three or four of them.
  for (const [name, create] of Object.entries(REPOSITORIES)) {
    Object.defineProperty(store, name, {
      enumerable: true,
      configurable: true,
      get() {
        const repo = (create as (ex: Executor) => unknown)(ex);
        Object.defineProperty(store, name, { value: repo, enumerable: true, writable: true });
        return repo;
      },
    });
  }
  return store;
}

/** Creates the schema named in the options (PostgreSQL) before the pool uses it as search_path. */
async function ensureSchema(connectionString: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  } finally {
    await client.end();
  }
}

/**
 * Opens the store at `url` (`file:./data/scanrelay.db` by default; `:memory:`; `postgres://…`) and
 * applies pending migrations unless `migrate: false`.
 */
export async function createStore(
  url: string = DEFAULT_STORE_URL,
  options: StoreOptions = {},
): Promise<Store> {
  const parsed = parseStoreUrl(url);
  let ex: Executor;
  if (parsed.dialect === 'sqlite') {
    ex = new SqliteExecutor(parsed.filename, { busyTimeoutMs: options.busyTimeoutMs });
  } else {
    const connectionString = withDefaultPgUser(parsed.connectionString);
    if (options.schema) await ensureSchema(connectionString, options.schema);
    ex = new PgExecutor(connectionString, { poolSize: options.poolSize, schema: options.schema });
  }
  const store = buildStore(ex, redactUrl(url), ex);
  if (options.migrate !== false) {
    try {
      await store.migrate();
    } catch (err) {
      await ex.close();
      throw err;
    }
  }
  return store;
}
