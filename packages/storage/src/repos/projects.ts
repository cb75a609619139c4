import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { decodeCursor, pageLimit, toPage } from '../cursor.js';
import { preparedQuery, tablesFor } from '../drizzle-db.js';
import type { Executor } from '../executor.js';
import { checkQueryText } from '../invalid-query-error.js';
import { first, nowIso, stored } from '../rows.js';
import { PROJECT_KINDS, type ProjectRepository } from '../types.js';
import { uuidv7 } from '../uuidv7.js';

/** A project by name: every upload and webhook delivery looks its project up. */
const getByNameQuery = preparedQuery('scanrelay_project_by_name', (db, { projects }) =>
  db
    .select()
    .from(projects)
    .where(
      and(eq(projects.tenantId, sql.placeholder('tenantId')), eq(projects.name, sql.placeholder('name'))),
    ),
);

export function createProjectRepository(ex: Executor): ProjectRepository {
  const { projects } = tablesFor(ex.dialect);
  const getBy = async (tenantId: string, where: ReturnType<typeof eq>) => {
    const rows = await ex.read((db) =>
      db
        .select()
        .from(projects)
        .where(and(eq(projects.tenantId, tenantId), where)),
    );
    const r = first(rows);
    return r && stored(r);
  };
  const getByName = async (tenantId: string, name: string) => {
    checkQueryText('project', name);
    const r = first(await ex.read((db) => getByNameQuery(db, ex.dialect, { tenantId, name })));
    return r && stored(r);
  };
  return {
    getByName,
    get: (tenantId, id) => getBy(tenantId, eq(projects.id, id)),
    async getOrCreate(tenantId, { name, kind = 'repository', repoUrl }) {
      if (!name) throw new TypeError('@scanrelay/storage: a project needs a name');
      if (!(PROJECT_KINDS as readonly string[]).includes(kind)) {
        throw new TypeError(
          `@scanrelay/storage: project kind must be one of ${PROJECT_KINDS.join(', ')}, got "${kind}"`,
        );
      }
      const existing = await getByName(tenantId, name);
      if (existing) return existing;
      await ex.write((db) =>
        db
          .insert(projects)
          .values({ id: uuidv7(), tenantId, name, kind, repoUrl: repoUrl ?? null, createdAt: nowIso() })
          .onConflictDoNothing({ target: [projects.tenantId, projects.name] }),
      );
      return (await getByName(tenantId, name))!;
    },
    async setRepoUrl(tenantId, id, repoUrl) {
      if (!repoUrl) throw new TypeError('@scanrelay/storage: setRepoUrl needs a repository URL');
      await ex.write((db) =>
        db
          .update(projects)
          .set({ repoUrl })
          .where(and(eq(projects.tenantId, tenantId), eq(projects.id, id))),
      );
      return getBy(tenantId, eq(projects.id, id));
    },
    async list(tenantId, query = {}) {
      const limit = pageLimit(query.limit);
      const after = query.cursor ? decodeCursor(query.cursor, ['text'])[0]! : '';
      const rows = await ex.read((db) =>
        db
          .select()
          .from(projects)
          .where(and(eq(projects.tenantId, tenantId), gt(projects.name, after)))
          .orderBy(asc(projects.name))
          .limit(limit + 1),
      );
      return toPage(rows.map(stored), limit, (p) => [p.name]);
    },
  };
}
