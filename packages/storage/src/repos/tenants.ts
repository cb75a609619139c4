import type { Executor } from '../executor.js';
import { nowIso, str } from '../rows.js';
import type { Tenant, TenantRepository } from '../types.js';
import { uuidv7 } from '../uuidv7.js';

export function toTenant(r: Record<string, unknown>): Tenant {
  return { id: str(r.id), name: str(r.name), createdAt: str(r.created_at) };
}

export function createTenantRepository(ex: Executor): TenantRepository {
  const get = async (id: string) => {
    const r = await ex.get('SELECT * FROM tenants WHERE id = ?', [id]);
    return r ? toTenant(r) : undefined;
  };
  const getByName = async (name: string) => {
    const r = await ex.get('SELECT * FROM tenants WHERE name = ?', [name]);
    return r ? toTenant(r) : undefined;
  };
  return {
    get,
    getByName,
    async create({ name, id }) {
      if (!name) throw new TypeError('@scanrelay/storage: a tenant needs a name');
      const rows = await ex.runReturning(
        'INSERT INTO tenants (id, name, created_at) VALUES (?, ?, ?) RETURNING *',
        [id ?? uuidv7(), name, nowIso()],
      );
      return toTenant(rows[0]!);
    },
    async getOrCreate(name) {
      if (!name) throw new TypeError('@scanrelay/storage: a tenant needs a name');
      await ex.run(
        'INSERT INTO tenants (id, name, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING',
        [uuidv7(), name, nowIso()],
      );
      return (await getByName(name))!;
    },
    async list() {
      return (await ex.all('SELECT * FROM tenants ORDER BY name')).map(toTenant);
    },
  };
}
