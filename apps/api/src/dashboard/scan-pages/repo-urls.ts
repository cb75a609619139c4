import type { Store } from '@scanrelay/storage';

/** The repository URL of each of these projects of the tenant that has one, by project id. */
export async function repoUrls(
  store: Store,
  tenantId: string,
  projectIds: Iterable<string>,
): Promise<Map<string, string>> {
  const urls = new Map<string, string>();
  for (const id of new Set(projectIds)) {
    const project = await store.projects.get(tenantId, id);
    if (project?.repoUrl) urls.set(id, project.repoUrl);
  }
  return urls;
}
