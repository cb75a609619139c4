import { decodeCursor, pageLimit, toPage } from '../cursor.js';
import type { Executor } from '../executor.js';
import { nowIso, optStr, str } from '../rows.js';
import { PROJECT_KINDS, type Project, type ProjectKind, type ProjectRepository } from '../types.js';
import { uuidv7 } from '../uuidv7.js';

export function toProject(r: Record<string, unknown>): Project {
  return {
    id: str(r.id),
    tenantId: str(r.tenant_id),
    name: str(r.name),
    kind: str(r.kind) as ProjectKind,
    repoUrl: optStr(r.repo_url),
    createdAt: str(r.created_at),
  };
}

export function createProjectRepository(ex: Executor): ProjectRepository {
  const getByName = async (tenantId: string, name: string) => {
    const r = await ex.get('SELECT * FROM projects WHERE tenant_id = ? AND name = ?', [tenantId, name]);
    return r ? toProject(r) : undefined;
  };
  return {
    getByName,
    async get(tenantId, id) {
      const r = await ex.get('SELECT * FROM projects WHERE tenant_id = ? AND id = ?', [tenantId, id]);
      return r ? toProject(r) : undefined;
    },
    async getOrCreate(tenantId, { name, kind = 'repository', repoUrl }) {
      if (!name) throw new TypeError('@scanrelay/storage: a project needs a name');
      if (!(PROJECT_KINDS as readonly string[]).includes(kind)) {
        throw new TypeError(
          `@scanrelay/storage: project kind must be one of ${PROJECT_KINDS.join(', ')}, got "${kind}"`,
        );
      }
      const existing = await getByName(tenantId, name);
      if (existing) return existing;
      await ex.run(
        `INSERT INTO projects (id, tenant_id, name, kind, repo_url, created_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (tenant_id, name) DO NOTHING`,
        [uuidv7(), tenantId, name, kind, repoUrl ?? null, nowIso()],
      );
      return (await getByName(tenantId, name))!;
    },
    async list(tenantId, query = {}) {
      const limit = pageLimit(query.limit);
      const after = query.cursor ? String(decodeCursor(query.cursor, 1)[0]) : '';
      const rows = await ex.all(
        'SELECT * FROM projects WHERE tenant_id = ? AND name > ? ORDER BY name LIMIT ?',
        [tenantId, after, limit + 1],
      );
      return toPage(rows.map(toProject), limit, (p) => [p.name]);
    },
  };
}
