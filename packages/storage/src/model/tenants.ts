import type { tenants } from '../schema/sqlite.js';

export type Tenant = typeof tenants.$inferSelect;

export interface TenantRepository {
  create(input: { name: string; id?: string }): Promise<Tenant>;
  get(id: string): Promise<Tenant | undefined>;
  getByName(name: string): Promise<Tenant | undefined>;
  /** The tenant of this name, created when absent. */
  getOrCreate(name: string): Promise<Tenant>;
  list(): Promise<Tenant[]>;
}
