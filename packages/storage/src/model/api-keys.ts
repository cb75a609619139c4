import type { apiKeys } from '../schema/sqlite.js';
import type { Stored } from './stored.js';
import type { Tenant } from './tenants.js';

export const API_KEY_SCOPES = ['upload', 'read', 'triage', 'admin'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/**
 * An API key as stored: never the key itself (nor its hash), only `prefix` (the first 12
 * characters, `sr_` + 9, to recognise it in lists).
 */
export type ApiKey = Stored<Omit<typeof apiKeys.$inferSelect, 'keyHash'>>;

export interface CreatedApiKey {
  apiKey: ApiKey;
  /** The plaintext key. Returned once, here; it cannot be read back. */
  key: string;
}

export interface Authenticated {
  tenant: Tenant;
  apiKey: ApiKey;
  scopes: ApiKeyScope[];
}

export interface ApiKeyRepository {
  create(tenantId: string, input: { name: string; scopes: ApiKeyScope[] }): Promise<CreatedApiKey>;
  /** The tenant and scopes of a key; undefined for an unknown, malformed or revoked key. */
  authenticate(key: string): Promise<Authenticated | undefined>;
  list(tenantId: string): Promise<ApiKey[]>;
  revoke(tenantId: string, id: string): Promise<boolean>;
}
