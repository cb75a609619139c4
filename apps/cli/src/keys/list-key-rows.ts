import type { ApiKey, Store } from '@scanrelay/storage';
import { CliError, EXIT } from '../cli-error.js';

/** A key as `keys list` shows it: never the key nor its hash. */
export interface KeyRow {
  id: string;
  tenant: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** The keys of one tenant (by name), or of every tenant, oldest first within each tenant. */
export async function listKeyRows(store: Store, tenantName?: string): Promise<KeyRow[]> {
  const tenants = tenantName === undefined ? await store.tenants.list() : [await named(store, tenantName)];
  const rows: KeyRow[] = [];
  for (const tenant of tenants) {
    for (const key of await store.apiKeys.list(tenant.id)) rows.push(keyRow(tenant.name, key));
  }
  return rows;
}

async function named(store: Store, name: string) {
  const tenant = await store.tenants.getByName(name.trim());
  if (!tenant) throw new CliError(`--tenant: no tenant is named "${name}"`, EXIT.usage);
  return tenant;
}

function keyRow(tenant: string, key: ApiKey): KeyRow {
  return {
    id: key.id,
    tenant,
    name: key.name,
    prefix: key.prefix,
    scopes: key.scopes,
    createdAt: key.createdAt,
    lastUsedAt: key.lastUsedAt ?? null,
    revokedAt: key.revokedAt ?? null,
  };
}
