import type { Forwarding, Logger, SastDeps } from '@scanrelay/core';
import type { Dispatcher } from '@scanrelay/dispatch';
import type { Queue } from '@scanrelay/queue';
import type { ApiKeyScope, Store, Tenant } from '@scanrelay/storage';
import type { ApiConfig } from './config.js';
import type { Metrics } from './metrics.js';

/** Who is calling: the tenant and scopes of the API key. */
export interface Principal {
  tenant: Tenant;
  keyId: string;
  /** The key's visible prefix (`sr_` + 9): who made a change, as `key:<prefix>`. */
  keyPrefix: string;
  scopes: ApiKeyScope[];
}

/** Who a principal's change is recorded as (triage history): `key:<prefix>`. */
export function actorOf(principal: Principal): string {
  return `key:${principal.keyPrefix}`;
}

/** What every route reads: the services, built once in `createApi`. */
export interface ApiServices {
  store: Store;
  queue: Queue;
  dispatcher?: Dispatcher;
  config: ApiConfig;
  logger: Logger;
  metrics: Metrics;
  /** The destinations and how to reach them; absent: none configured. */
  forwarding?: Forwarding;
  /** External SAST: publish, results intake, security views (config `sast`). */
  sast: SastDeps;
}

export interface AppEnv {
  Variables: {
    principal: Principal;
  };
}
