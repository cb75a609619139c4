import type { projects } from '../schema/sqlite.js';
import type { Page, PageQuery } from './page.js';
import type { Stored } from './stored.js';

export const PROJECT_KINDS = ['repository', 'website', 'image', 'skill'] as const;
export type ProjectKind = (typeof PROJECT_KINDS)[number];

/** A project; `name` is unique per tenant. */
export type Project = Stored<typeof projects.$inferSelect>;

export interface ProjectInput {
  name: string;
  kind?: ProjectKind;
  repoUrl?: string;
}

export interface ProjectRepository {
  getOrCreate(tenantId: string, input: ProjectInput): Promise<Project>;
  get(tenantId: string, id: string): Promise<Project | undefined>;
  getByName(tenantId: string, name: string): Promise<Project | undefined>;
  list(tenantId: string, query?: PageQuery): Promise<Page<Project>>;
  /** Records the repository a project is published from now (undefined: not this tenant's). */
  setRepoUrl(tenantId: string, id: string, repoUrl: string): Promise<Project | undefined>;
}
