import type { BlocklistEntryView, BlocklistList, ProjectBlocklist } from '@scanrelay/api-schema';
import type { BlocklistEntry, Project, Store } from '@scanrelay/storage/types';
import { CoreError } from '../core-error.js';

/** A blocklist entry as the API shows it, with its project's name. */
export function toBlocklistView(entry: BlocklistEntry, project: string): BlocklistEntryView {
  const view: BlocklistEntryView = {
    id: entry.id,
    project,
    threatType: entry.threatType,
    severity: entry.severity,
    reason: entry.reason,
    discoveredBy: entry.discoveredBy,
    active: entry.active,
    createdAt: entry.createdAt,
    updatedAt: entry.updatedAt,
  };
  if (entry.evidence !== undefined) view.evidence = entry.evidence;
  return view;
}

/** A project of this tenant by name; `not_found` alike for an unknown name and another tenant's. */
export async function requireProject(store: Store, tenantId: string, name: string): Promise<Project> {
  const project = await store.projects.getByName(tenantId, name);
  if (!project) throw new CoreError('not_found', `no project "${name}"`);
  return project;
}

/** `GET /api/v1/blocklist/:name`: the project's active entries; `not_found` for an unknown project. */
export async function readProjectBlocklist(
  store: Store,
  tenantId: string,
  project: string,
): Promise<ProjectBlocklist> {
  const found = await requireProject(store, tenantId, project);
  const entries = await store.blocklist.listActive(tenantId, found.id);
  return {
    project: found.name,
    blocked: entries.length > 0,
    entries: entries.map((e) => toBlocklistView(e, found.name)),
  };
}

/** `GET /api/v1/blocklist`: the tenant's active entries, each with its project's name. */
export async function listBlocklist(store: Store, tenantId: string): Promise<BlocklistList> {
  const entries = await store.blocklist.listActive(tenantId);
  const names = new Map<string, string>();
  for (const projectId of new Set(entries.map((e) => e.projectId))) {
    const project = await store.projects.get(tenantId, projectId);
    names.set(projectId, project?.name ?? projectId);
  }
  return { items: entries.map((e) => toBlocklistView(e, names.get(e.projectId) ?? e.projectId)) };
}

/**
 * `DELETE /api/v1/blocklist/:name`: an admin lifts a project, deactivating every active entry (manual
 * and automatic alike; they are kept for audit). `lifted` 0: the project was not blocklisted. A later
 * result with critical findings blocklists it again. `not_found` for an unknown project.
 */
export async function liftBlocklist(
  store: Store,
  tenantId: string,
  project: string,
): Promise<{ project: string; lifted: number }> {
  const found = await requireProject(store, tenantId, project);
  const lifted = await store.blocklist.deactivateProject(tenantId, found.id);
  return { project: found.name, lifted };
}
