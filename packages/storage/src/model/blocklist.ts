import type { blocklist } from '../schema/sqlite.js';
import type { Stored } from './stored.js';

export type BlocklistEntry = Stored<typeof blocklist.$inferSelect>;

export type BlocklistInput = Omit<BlocklistEntry, 'id' | 'active' | 'createdAt' | 'updatedAt'>;

export interface BlocklistRepository {
  /**
   * One active entry per project and threat type: a new entry is created, an existing one is
   * escalated (severity only ever goes up; reason/evidence follow the higher severity).
   */
  upsert(input: BlocklistInput): Promise<BlocklistEntry>;
  /** Active entries of a tenant, or of one project. */
  listActive(tenantId: string, projectId?: string): Promise<BlocklistEntry[]>;
  isBlocked(tenantId: string, projectId: string): Promise<boolean>;
  deactivate(tenantId: string, id: string): Promise<boolean>;
  /** Changes an active entry's reason or evidence in place (undefined: not this tenant's, or not active). */
  update(
    tenantId: string,
    id: string,
    patch: Partial<Pick<BlocklistEntry, 'reason' | 'evidence'>>,
  ): Promise<BlocklistEntry | undefined>;
  /** Deactivates every active entry of a project (of one threat type when given); returns how many. */
  deactivateProject(tenantId: string, projectId: string, threatType?: string): Promise<number>;
}
