import type { ApiKey, ApiKeyScope } from './api-keys.js';
import type { Tenant } from './tenants.js';

/** A dashboard sign-in: the API key it was made with, and until when it holds. */
export interface DashboardSession {
  tenant: Tenant;
  apiKey: ApiKey;
  scopes: ApiKeyScope[];
  expiresAt: string;
}

/** Dashboard sessions; only the sha256 of a token is stored. */
export interface SessionRepository {
  /** A new session; `token` is 32 random bytes, base64url, returned once. */
  create(input: {
    tenantId: string;
    apiKeyId: string;
    ttlMs: number;
    now?: Date;
  }): Promise<{ token: string; expiresAt: string }>;
  /** The session of a token; undefined when unknown, malformed, expired, or its API key is revoked. */
  get(token: string, now?: Date): Promise<DashboardSession | undefined>;
  /** Ends the session (sign-out); nothing happens for an unknown token. */
  delete(token: string): Promise<void>;
  /** Deletes expired sessions; returns how many. */
  purgeExpired(now?: Date): Promise<number>;
}
