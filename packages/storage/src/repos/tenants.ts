import { asc, eq } from 'drizzle-orm';
import { tablesFor } from '../drizzle-db.js';
import type { Executor } from '../executor.js';
import { first, nowIso } from '../rows.js';
import type { Tenant, TenantRepository } from '../types.js';
import { uuidv7 } from '../uuidv7.js';

export function createTenantRepository(ex: Executor): TenantRepository {
  const { tenants } = tablesFor(ex.dialect);
  const getBy = async (where: ReturnType<typeof eq>): Promise<Tenant | undefined> =>
    first(await ex.read((db) => db.select().from(tenants).where(where)));
  const getByName = (name: string) => getBy(eq(tenants.name, name));
  return {
    get: (id) => getBy(eq(tenants.id, id)),
    getByName,
    async create({ name, id }) {
      if (!name) throw new TypeError('@scanrelay/storage: a tenant needs a name');
      const rows = await ex.write((db) =>
        db
          .insert(tenants)
          .values({ id: id ?? uuidv7(), name, createdAt: nowIso() })
          .returning(),
      );
      return rows[0]!;
    },
    async getOrCreate(name) {
      if (!name) throw new TypeError('@scanrelay/storage: a tenant needs a name');
      await ex.write((db) =>
        db
          .insert(tenants)
          .values({ id: uuidv7(), name, createdAt: nowIso() })
          .onConflictDoNothing({ target: tenants.name }),
      );
      return (await getByName(name))!;
    },
    list: () => ex.read((db) => db.select().from(tenants).orderBy(asc(tenants.name))),
  };
}
