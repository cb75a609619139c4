import { computeVerdict, SEVERITIES, type SeverityCounts, type Verdict } from '@scanrelay/findings-schema';
import type { Page, Project, Store, StoredScan } from '@scanrelay/storage/types';

/** A point of a project's sparkline: how many findings a completed scan counted, and when. */
export interface SparkPoint {
  at: string;
  value: number;
}

/** How many completed scans the sparkline of a project draws. */
const SPARKLINE_SCANS = 20;

/** One row of the Projects page. */
export interface ProjectOverview {
  project: Project;
  /** Open findings per severity (triaged ones are not open). */
  open: SeverityCounts;
  /** From the open counts, like a gate would decide. */
  verdict: Verdict;
  lastScan?: StoredScan;
  blocked: boolean;
  /** Findings counted by the last completed scans, oldest first. */
  trend: SparkPoint[];
}

/** The sum of a scan's counts. */
function total(counts: SeverityCounts): number {
  return SEVERITIES.reduce((n, s) => n + counts[s], 0);
}

/**
 * A page of the tenant's projects with what the dashboard's Projects page shows of each. Expired risk
 * acceptances are reopened first (the "next read" rule of `listFindings`), so open counts are current.
 */
export async function readProjectOverviews(
  store: Store,
  tenantId: string,
  query: { cursor?: string; limit: number; now?: Date },
): Promise<Page<ProjectOverview>> {
  await store.findings.reopenExpired(tenantId, (query.now ?? new Date()).toISOString());
  const page = await store.projects.list(tenantId, { cursor: query.cursor, limit: query.limit });
  const blocked = new Set((await store.blocklist.listActive(tenantId)).map((e) => e.projectId));
  const items = await Promise.all(
    page.items.map(async (project): Promise<ProjectOverview> => {
      const [counts, latest, completed] = await Promise.all([
        store.findings.counts(tenantId, { projectId: project.id }),
        store.scans.list(tenantId, { projectId: project.id, limit: 1 }),
        store.scans.list(tenantId, { projectId: project.id, status: 'completed', limit: SPARKLINE_SCANS }),
      ]);
      return {
        project,
        open: counts.open,
        verdict: computeVerdict(counts.open),
        lastScan: latest.items[0],
        blocked: blocked.has(project.id),
        trend: completed.items
          .map((s) => ({ at: s.completedAt ?? s.createdAt, value: total(s.counts) }))
          .reverse(),
      };
    }),
  );
  return { items, nextCursor: page.nextCursor };
}
